"""What ProConnect told the platform is part of the person's data: exported, and gone with the account."""

import io
import json
import zipfile

import pytest
from allauth.socialaccount.models import SocialAccount

from eig.accounts.personal_data import delete_account, export_personal_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_proconnect_identity_and_deletion_removes_it():
    user = UserFactory(email="camille@dge.gouv.fr")
    SocialAccount.objects.create(
        user=user, provider="proconnect", uid="sub-123", extra_data={"siret": "13002526500013", "usual_name": "Martin"}
    )
    data = json.loads(zipfile.ZipFile(io.BytesIO(export_personal_data(user))).read("donnees.json"))
    assert data["proconnect"][0]["uid"] == "sub-123"
    assert data["proconnect"][0]["claims"]["siret"] == "13002526500013"

    delete_account(user, by=user)
    assert not SocialAccount.objects.filter(uid="sub-123").exists()
