"""The priority × meeting matrix: where a meeting's agenda touched a priority area's themes."""

from collections import defaultdict
from dataclasses import dataclass, replace

from priorities.models import PriorityArea, Theme

from .models import Commitment, Meeting


def shared_themes(*, priority, meeting):
    """The themes of ``priority`` that ``meeting``'s agenda touched: a cell's evidence."""
    return Theme.objects.filter(
        pk__in=Theme.objects.filter(priorities=priority).filter(meetings=meeting).values("pk")
    )


def agenda_recorded(meeting) -> bool:
    """Whether ``meeting`` has an agenda on record: agenda text or agenda themes. Only then
    can the matrix say that it did not touch a priority area; without one it says nothing.
    Uses the prefetched themes when there are any (no query in the matrix)."""
    return bool(meeting.agenda) or bool(meeting.themes.all())


@dataclass(frozen=True)
class Cell:
    meeting: Meeting
    themes: list[Theme]  # shared by the agenda and the priority area
    agenda_recorded: bool  # False: no agenda on record, so neither touched nor not touched
    commitments: int | None = None  # made at the meeting, serving the priority (if counted)

    @property
    def touched(self) -> bool:
        return bool(self.themes)

    @property
    def not_touched(self) -> bool:
        """A recorded agenda that shares no theme with the priority area."""
        return self.agenda_recorded and not self.themes


@dataclass(frozen=True)
class Row:
    priority: PriorityArea
    cells: list[Cell]

    @property
    def touched(self) -> int:
        return sum(1 for cell in self.cells if cell.themes)


@dataclass(frozen=True)
class Matrix:
    meetings: list[Meeting]
    rows: list[Row]

    @property
    def unrecorded_meetings(self) -> list[Meeting]:
        """The meetings with no agenda on record: their column says nothing either way."""
        return [m for m in self.meetings if not agenda_recorded(m)]


def priority_meeting_matrix(priorities, meetings) -> Matrix:
    """Rows in the order of ``priorities``, columns in the order of ``meetings``.

    Both should come with their themes prefetched: the matrix itself makes no query.
    """
    meetings = list(meetings)
    meeting_themes = [
        (meeting, {t.pk: t for t in meeting.themes.all()}, agenda_recorded(meeting))
        for meeting in meetings
    ]
    rows = []
    for priority in priorities:
        own = {theme.pk for theme in priority.themes.all()}
        cells = [
            Cell(meeting, sorted((t for pk, t in themes.items() if pk in own), key=str), recorded)
            for meeting, themes, recorded in meeting_themes
        ]
        rows.append(Row(priority, cells))
    return Matrix(meetings, rows)


def site_matrix(meetings=None) -> Matrix:
    """Every priority area against every meeting (or ``meetings``), in four queries."""
    priorities = PriorityArea.objects.select_related("country", "parent").prefetch_related("themes")
    if meetings is None:
        meetings = Meeting.objects.for_display()
    return priority_meeting_matrix(priorities, meetings)


def with_commitment_counts(matrix: Matrix) -> Matrix:
    """``matrix`` with, in each cell, how many commitments made at the meeting serve the
    priority area (as ``Commitment.objects.serving``: the area, its parts or its whole).
    One query, of the commitments' links to priority areas, however many cells."""
    links = Commitment.priorities.through.objects.filter(
        commitment__meeting__in=[meeting.pk for meeting in matrix.meetings]
    ).values_list("commitment_id", "commitment__meeting_id", "priorityarea_id")
    parents = {row.priority.pk: row.priority.parent_id for row in matrix.rows}
    parts = defaultdict(set)
    for pk, parent in parents.items():
        if parent:
            parts[parent].add(pk)
    served = defaultdict(set)  # (priority, meeting): commitments
    for commitment, meeting, priority in links:
        for row in {priority, parents.get(priority), *parts[priority]} - {None}:
            served[row, meeting].add(commitment)
    rows = [
        Row(
            row.priority,
            [
                replace(cell, commitments=len(served[row.priority.pk, cell.meeting.pk]))
                for cell in row.cells
            ],
        )
        for row in matrix.rows
    ]
    return replace(matrix, rows=rows)
