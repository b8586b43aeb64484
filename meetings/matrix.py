"""The priority × meeting matrix: where a meeting's agenda touched a priority area's themes."""

from dataclasses import dataclass

from priorities.models import PriorityArea, Theme

from .models import Meeting


def shared_themes(*, priority, meeting):
    """The themes of ``priority`` that ``meeting``'s agenda touched: a cell's evidence."""
    return Theme.objects.filter(
        pk__in=Theme.objects.filter(priorities=priority).filter(meetings=meeting).values("pk")
    )


@dataclass(frozen=True)
class Cell:
    meeting: Meeting
    themes: list[Theme]  # shared by the agenda and the priority area; empty: not touched


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


def priority_meeting_matrix(priorities, meetings) -> Matrix:
    """Rows in the order of ``priorities``, columns in the order of ``meetings``.

    Both should come with their themes prefetched: the matrix itself makes no query.
    """
    meetings = list(meetings)
    meeting_themes = [(meeting, {t.pk: t for t in meeting.themes.all()}) for meeting in meetings]
    rows = []
    for priority in priorities:
        own = {theme.pk for theme in priority.themes.all()}
        cells = [
            Cell(meeting, sorted((t for pk, t in themes.items() if pk in own), key=str))
            for meeting, themes in meeting_themes
        ]
        rows.append(Row(priority, cells))
    return Matrix(meetings, rows)


def site_matrix(meetings=None) -> Matrix:
    """Every priority area against every meeting (or ``meetings``), in four queries."""
    priorities = PriorityArea.objects.select_related("country").prefetch_related("themes")
    if meetings is None:
        meetings = Meeting.objects.for_display()
    return priority_meeting_matrix(priorities, meetings)
