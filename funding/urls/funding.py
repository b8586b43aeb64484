from django.urls import path

from funding import views

app_name = "funding"
urlpatterns = [
    path("", views.AllocationListView.as_view(), name="list"),
    path("<int:pk>/", views.AllocationDetailView.as_view(), name="detail"),
]
