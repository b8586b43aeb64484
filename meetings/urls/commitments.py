from django.urls import path
from django.views.decorators.http import require_safe

from core.history.views import RecordHistoryView
from core.record_urls import record_urls
from meetings import commitment_views as views

app_name = "commitments"
urlpatterns = [
    # Before the record's own addresses: "feed" is not a commitment's slug.
    path("feed/", require_safe(views.CommitmentFeed()), name="feed"),
    *record_urls(
        list_view=views.CommitmentListView,
        detail_view=views.CommitmentDetailView,
        create_view=views.CommitmentCreateView,
        update_view=views.CommitmentUpdateView,
        delete_view=views.CommitmentDeleteView,
        history_view=RecordHistoryView,
    ),
    path("<slug:slug>/status/", views.StatusChangeCreateView.as_view(), name="status"),
]
