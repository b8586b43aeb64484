from core.history.views import RecordHistoryView
from core.record_urls import record_urls
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
