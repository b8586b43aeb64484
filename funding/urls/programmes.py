from core.history.views import RecordHistoryView
from core.record_urls import record_urls
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
