"""The suite fails on a test function whose name does not start with ``test_it_``.

pytest collects every ``test_*`` function (``python_functions`` in pyproject.toml), so a test
named otherwise is neither silently skipped nor run under another convention: the run stops
before any test runs and names it. Loaded by tests/conftest.py.
"""

import pytest

PREFIX = "test_it_"


def misnamed(items):
    return sorted(
        item.nodeid
        for item in items
        if isinstance(item, pytest.Function) and not item.originalname.startswith(PREFIX)
    )


def pytest_collection_finish(session):
    if names := misnamed(session.items):
        raise pytest.UsageError(
            f"Test functions are named {PREFIX}… (README, 'Tests'); rename: " + ", ".join(names)
        )
