"""The rules a commitment's record keeps on every write path that validates it (site form,
admin, import): its slug is not a path of its own, its date is not in the future, not
before 1991 and not after its first status change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.support import factories


def errors_of(record):
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize("slug", ["feed", "new"])
def test_it_refuses_a_slug_that_is_a_path_of_its_own(db, slug):
    commitment = factories.CommitmentFactory()
    commitment.slug = slug
    assert errors_of(commitment)["slug"] == [f"“{slug}” is reserved; choose another."]


def test_it_refuses_new_as_any_records_slug_in_the_admin(admin_client):
    theme = factories.ThemeFactory()
    theme.slug = "new"
    assert errors_of(theme)["slug"] == ["“new” is reserved; choose another."]


def test_it_refuses_a_date_in_the_future_or_before_1991(db):
    commitment = factories.CommitmentFactory(meeting=None, strategy=factories.StrategyFactory())
    commitment.date = timezone.localdate() + datetime.timedelta(days=1)
    assert errors_of(commitment)["date"] == ["This date is in the future."]
    commitment.date = datetime.date(1, 1, 1)
    assert errors_of(commitment)["date"] == ["Enter a date from 1991 on."]


def test_it_refuses_a_date_after_its_first_status_change(db):
    commitment = factories.CommitmentFactory(
        meeting=None, strategy=factories.StrategyFactory(), date=datetime.date(2007, 6, 22)
    )
    factories.StatusChangeFactory(commitment=commitment, date=datetime.date(2008, 1, 1))
    commitment.date = datetime.date(2008, 6, 1)
    assert "2008-01-01" in errors_of(commitment)["date"][0]
    commitment.date = datetime.date(2007, 12, 1)
    commitment.full_clean()  # before its first change: fine


def test_it_refuses_a_status_change_before_1991(db):
    commitment = factories.CommitmentFactory(
        meeting=None, strategy=factories.StrategyFactory(), date=None
    )
    change = factories.StatusChangeFactory.build(
        commitment=commitment, source=factories.SourceFactory(), date=datetime.date(1990, 12, 31)
    )
    assert errors_of(change)["date"] == ["Enter a date from 1991 on."]
