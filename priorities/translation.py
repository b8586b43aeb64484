from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from core.history.records import PortalHistoricalRecords

from .models import Country, PriorityArea, Strategy, Theme


@register(Strategy)
class StrategyTranslation(TranslationOptions):
    fields = ("title", "summary", "aim", "initiative")
    required_languages = ("en",)


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(PriorityArea)
class PriorityAreaTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


# History after translation: the historical models then copy the _en and _ru fields too
# (django-simple-history's advice for django-modeltranslation).
track_history(Strategy, records_class=PortalHistoricalRecords)
track_history(Country, records_class=PortalHistoricalRecords)
track_history(Theme, records_class=PortalHistoricalRecords)
track_history(PriorityArea, records_class=PortalHistoricalRecords, m2m_fields=["themes"])
