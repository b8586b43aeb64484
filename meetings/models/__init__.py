from .commitment import Commitment, CommitmentQuerySet, Status, StatusChange
from .meeting import Meeting, MeetingQuerySet, Participant

__all__ = [
    "Commitment",
    "CommitmentQuerySet",
    "Meeting",
    "MeetingQuerySet",
    "Participant",
    "Status",
    "StatusChange",
]
