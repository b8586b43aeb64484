from modeltranslation.translator import TranslationOptions, register

from .models import Meeting, Participant


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("city", "agenda", "outcome")
    required_languages = ("en",)


@register(Participant)
class ParticipantTranslation(TranslationOptions):
    fields = ("person", "role")
    required_languages = ("en",)
