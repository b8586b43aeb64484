import pytest

# Helpers shared by the test modules assert like the tests: pytest rewrites them too. Here,
# because this package is imported before its conftest.py imports them.
pytest.register_assert_rewrite("tests.support")
