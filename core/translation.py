from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from core.history.records import PortalHistoricalRecords

from .sources.models import Citation, Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "publisher")
    required_languages = ("en",)


@register(Citation)
class CitationTranslation(TranslationOptions):
    fields = ("note",)


# History after translation: the historical models then copy the _en and _ru fields too.
track_history(Source, records_class=PortalHistoricalRecords)
track_history(Citation, records_class=PortalHistoricalRecords)
