"""Helpers shared by the test_models_* modules."""

import contextlib
import datetime

import pytest
from django.db import IntegrityError, transaction

DAY = datetime.timedelta(days=1)


@contextlib.contextmanager
def raises_integrity_error():
    """A DB-level rejection; the savepoint keeps PostgreSQL's transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield
