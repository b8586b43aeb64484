from core.history.views import RecordHistoryView
from core.record_urls import record_urls
from priorities import views

app_name = "priorities"
urlpatterns = record_urls(
    list_view=views.PriorityAreaListView,
    detail_view=views.PriorityAreaDetailView,
    create_view=views.PriorityAreaCreateView,
    update_view=views.PriorityAreaUpdateView,
    delete_view=views.PriorityAreaDeleteView,
    history_view=RecordHistoryView,
)
