from django.urls import path

from priorities import views

app_name = "countries"
urlpatterns = [
    path("", views.CountryListView.as_view(), name="list"),
    path("<str:code>/", views.CountryDetailView.as_view(), name="detail"),
]
