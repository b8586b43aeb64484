from django.urls import path

from core.history.views import RecordHistoryView
from core.record_urls import record_urls
from funding import iati_views, views

app_name = "programmes"
urlpatterns = [
    # A slug has no dot: these cannot clash with the records' addresses.
    path("iati.xml", iati_views.ProgrammesIatiView.as_view(), name="iati"),
    *record_urls(
        list_view=views.ProgrammeListView,
        detail_view=views.ProgrammeDetailView,
        create_view=views.ProgrammeCreateView,
        update_view=views.ProgrammeUpdateView,
        delete_view=views.ProgrammeDeleteView,
        history_view=RecordHistoryView,
    ),
    path("<slug:slug>/iati.xml", iati_views.ProgrammeIatiView.as_view(), name="detail-iati"),
]
