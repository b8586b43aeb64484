from modeltranslation.translator import TranslationOptions, register

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
