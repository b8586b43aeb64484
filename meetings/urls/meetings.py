from django.urls import path

from core.history.views import RecordHistoryView
from core.record_urls import record_urls
from meetings import calendar_views, views

app_name = "meetings"
urlpatterns = [
    # Before the records' addresses (a slug has no dot, so they could not clash anyway).
    path("calendar.ics", calendar_views.MeetingCalendarView.as_view(), name="calendar"),
    *record_urls(
        list_view=views.MeetingListView,
        detail_view=views.MeetingDetailView,
        create_view=views.MeetingCreateView,
        update_view=views.MeetingUpdateView,
        delete_view=views.MeetingDeleteView,
        history_view=RecordHistoryView,
    ),
    path(
        "<slug:slug>/calendar.ics",
        calendar_views.MeetingDetailCalendarView.as_view(),
        name="detail-calendar",
    ),
]
