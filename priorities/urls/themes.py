from core.history.views import RecordHistoryView
from core.record_urls import record_urls
from priorities import views

app_name = "themes"
urlpatterns = record_urls(
    list_view=views.ThemeListView,
    detail_view=views.ThemeDetailView,
    create_view=views.ThemeCreateView,
    update_view=views.ThemeUpdateView,
    delete_view=views.ThemeDeleteView,
    history_view=RecordHistoryView,
)
