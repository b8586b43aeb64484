from modeltranslation.translator import TranslationOptions, register

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
