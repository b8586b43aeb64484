from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from core.history.records import PortalHistoricalRecords

from .models import Allocation, BudgetEnvelope, Instrument, Organisation, Programme


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("acronym", "name", "role")
    required_languages = ("en",)


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(BudgetEnvelope)
class BudgetEnvelopeTranslation(TranslationOptions):
    fields = ("title", "source", "description")
    required_languages = ("en",)


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


@register(Allocation)
class AllocationTranslation(TranslationOptions):
    fields = ("description",)


# History after translation: the historical models then copy the _en and _ru fields too.
track_history(Organisation, records_class=PortalHistoricalRecords)
track_history(Instrument, records_class=PortalHistoricalRecords)
track_history(BudgetEnvelope, records_class=PortalHistoricalRecords, m2m_fields=["countries"])
track_history(
    Programme,
    records_class=PortalHistoricalRecords,
    m2m_fields=["priorities", "countries", "organisations"],
)
track_history(Allocation, records_class=PortalHistoricalRecords)
