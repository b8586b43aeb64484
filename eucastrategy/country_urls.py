from django.urls import path, register_converter

from . import views


class ISO2Converter:
    """An ISO 3166-1 alpha-2 code in the address: two Latin letters, in any case."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ISO2Converter, "iso2")

app_name = "countries"
urlpatterns = [
    path("", views.CountryListView.as_view(), name="list"),
    path("<iso2:code>/", views.CountryDetailView.as_view(), name="detail"),
]
