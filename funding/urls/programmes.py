from eucastrategy.history_views import RecordHistoryView
from eucastrategy.urls_records import record_urls
from funding import views

app_name = "programmes"
urlpatterns = record_urls(
    list_view=views.ProgrammeListView,
    detail_view=views.ProgrammeDetailView,
    create_view=views.ProgrammeCreateView,
    update_view=views.ProgrammeUpdateView,
    delete_view=views.ProgrammeDeleteView,
    history_view=RecordHistoryView,
)
