"""Admin imports across the upgrade that moved the toolkit into core (issue 10)."""

import pytest
from django.core import signing

from core.importing import uploads
from funding.models import Organisation


@pytest.mark.django_db
def test_it_accepts_a_confirmation_signed_before_the_code_moved_to_core(admin_user):
    """A preview open during the upgrade still confirms: the tokens' salt is the one the
    module had as eucastrategy.importing.uploads."""
    payload = {"n": "A" * 43, "c": "utf-8", "r": 0, "o": "partners.csv", "u": admin_user.pk}
    payload["m"] = "funding.organisation"
    old_token = signing.dumps(payload, salt="eucastrategy.importing.uploads", compress=True)
    upload = uploads.verify(old_token, user=admin_user, model=Organisation)
    assert (upload.name, upload.original_name) == ("A" * 43, "partners.csv")
