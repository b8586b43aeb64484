from eucastrategy.history_views import RecordHistoryView
from eucastrategy.urls_records import record_urls
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
