from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from core.history.records import PortalHistoricalRecords

from .models import Commitment, Meeting, Participant, StatusChange


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("city", "agenda", "outcome")
    required_languages = ("en",)


@register(Participant)
class ParticipantTranslation(TranslationOptions):
    fields = ("person", "role")
    required_languages = ("en",)


# History after translation: the historical models then copy the _en and _ru fields too.
track_history(Meeting, records_class=PortalHistoricalRecords, m2m_fields=["themes"])
track_history(Participant, records_class=PortalHistoricalRecords)


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("en",)


@register(StatusChange)
class StatusChangeTranslation(TranslationOptions):
    fields = ("note",)
    required_languages = ("en", "ru")


track_history(
    Commitment,
    records_class=PortalHistoricalRecords,
    m2m_fields=["countries", "organisations", "involves", "priorities", "themes"],
)
track_history(StatusChange, records_class=PortalHistoricalRecords)
