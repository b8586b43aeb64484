from django.urls import path

from . import views

app_name = "priorities"
urlpatterns = [
    path("", views.PriorityAreaListView.as_view(), name="list"),
    path("<slug:slug>/", views.PriorityAreaDetailView.as_view(), name="detail"),
]
