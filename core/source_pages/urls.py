from django.urls import path

from ..history.views import RecordHistoryView
from ..sources.models import Source
from . import views

app_name = "sources"
urlpatterns = [
    path("", views.SourceListView.as_view(), name="list"),
    path("<slug:slug>/", views.SourceDetailView.as_view(), name="detail"),
    path("<slug:slug>/history/", RecordHistoryView.as_view(model=Source), name="history"),
]
