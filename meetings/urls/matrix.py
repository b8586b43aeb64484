from django.urls import path

from meetings import views

app_name = "matrix"
urlpatterns = [
    path("", views.MatrixView.as_view(), name="list"),
    path("<slug:priority>/<slug:meeting>/", views.MatrixCellView.as_view(), name="detail"),
]
