from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("openapi.json", views.OpenAPIView.as_view(), name="openapi"),
]
