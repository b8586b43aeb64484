from eucastrategy.history_views import RecordHistoryView
from eucastrategy.urls_records import record_urls
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
