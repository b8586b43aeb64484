from core.history.views import RecordHistoryView
from core.record_urls import record_urls
from funding import views

app_name = "funding"
urlpatterns = record_urls(
    list_view=views.AllocationListView,
    detail_view=views.AllocationDetailView,
    create_view=views.AllocationCreateView,
    update_view=views.AllocationUpdateView,
    delete_view=views.AllocationDeleteView,
    history_view=RecordHistoryView,
    key="<int:pk>",
)
