from eucastrategy.history_views import RecordHistoryView
from eucastrategy.urls_records import record_urls
from meetings import views

app_name = "meetings"
urlpatterns = record_urls(
    list_view=views.MeetingListView,
    detail_view=views.MeetingDetailView,
    create_view=views.MeetingCreateView,
    update_view=views.MeetingUpdateView,
    delete_view=views.MeetingDeleteView,
    history_view=RecordHistoryView,
)
