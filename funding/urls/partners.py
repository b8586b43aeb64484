from core.history.views import RecordHistoryView
from core.record_urls import record_urls
from funding import views

app_name = "partners"
urlpatterns = record_urls(
    list_view=views.OrganisationListView,
    detail_view=views.OrganisationDetailView,
    create_view=views.OrganisationCreateView,
    update_view=views.OrganisationUpdateView,
    delete_view=views.OrganisationDeleteView,
    history_view=RecordHistoryView,
)
