"""/data/: the open data page, the data package, each table's CSV and the zip of them all."""

from django.urls import path

from core.open_data import views as package

from .views import PACKAGE, DataIndexView

app_name = "data"
urlpatterns = [
    path("", DataIndexView.as_view(), name="index"),
    path("datapackage.json", package.PackageView.as_view(info=PACKAGE), name="package"),
    path("eucastrategy-data.zip", package.ZipView.as_view(info=PACKAGE), name="zip"),
    path("<slug:name>.csv", package.ResourceView.as_view(info=PACKAGE), name="resource"),
]
