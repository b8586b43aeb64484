from django.urls import path

from funding import views

app_name = "partners"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="detail"),
]
