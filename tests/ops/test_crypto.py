from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from seafarers_home.accounts.models import TotpDevice, User

SECRET = "JBSWY3DPEHPK3PXP"


def raw_secret(device: TotpDevice) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT secret FROM {TotpDevice._meta.db_table} WHERE id = %s",  # noqa: S608
            [device.pk],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def user(db) -> User:
    return User.objects.create_user("13900000001", None, display_name="测试")


def test_it_stores_ciphertext_and_reads_plaintext(user):
    device = TotpDevice.objects.create(user=user, secret=SECRET)
    raw = raw_secret(device)
    assert raw.startswith("fernet:")
    assert SECRET not in raw
    assert TotpDevice.objects.get(pk=device.pk).secret == SECRET


def test_it_decrypts_with_an_old_key_after_rotation(user):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        device = TotpDevice.objects.create(user=user, secret=SECRET)
        Fernet(old).decrypt(raw_secret(device).removeprefix("fernet:").encode())
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        assert TotpDevice.objects.get(pk=device.pk).secret == SECRET
        device.save()  # re-encrypts with the first key
        token = raw_secret(device).removeprefix("fernet:").encode()
        assert Fernet(new).decrypt(token) == SECRET.encode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        assert TotpDevice.objects.get(pk=device.pk).secret == SECRET


def test_it_says_clearly_when_no_key_fits(user):
    with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        device = TotpDevice.objects.create(user=user, secret=SECRET)
    other_key = [Fernet.generate_key().decode()]
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=other_key),
        pytest.raises(ValueError, match="cannot be decrypted with the configured keys"),
    ):
        TotpDevice.objects.get(pk=device.pk)


def test_it_refuses_a_malformed_key(user):
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=["not-a-fernet-key"]),
        pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"),
    ):
        TotpDevice.objects.create(user=user, secret=SECRET)
