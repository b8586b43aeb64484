"""Trigram indexes for the case-insensitive search of the funding lists on PostgreSQL
(issue 11, item 5): allocation lines, programmes and partners, in English and Russian."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core.lists.search_indexes import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [("funding", "0004_allocation_order_indexes")]

    operations = [
        TrigramExtension(),
        TrigramIndexes("funding_allocation", ["description_en", "description_ru"]),
        TrigramIndexes(
            "funding_programme", ["title_en", "title_ru", "description_en", "description_ru"]
        ),
        TrigramIndexes("funding_organisation", ["name_en", "name_ru", "acronym_en", "acronym_ru"]),
    ]
