from .commitment import Commitment, CommitmentQuerySet, Status, StatusChange, check_parties
from .meeting import Meeting, MeetingQuerySet, Participant

__all__ = [
    "Commitment",
    "CommitmentQuerySet",
    "Meeting",
    "MeetingQuerySet",
    "Participant",
    "Status",
    "StatusChange",
    "check_parties",
]
