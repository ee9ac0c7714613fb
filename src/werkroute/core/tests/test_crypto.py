import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st

from werkroute.core import crypto


@given(st.text(min_size=1, max_size=30))
def test_encryption_round_trips_and_never_shows_the_plain_value(value):
    token = crypto.encrypt(value)
    assert crypto.decrypt(token) == value
    assert crypto.encrypt(value) != token  # a fresh IV each time


def test_a_rotated_key_still_decrypts_old_values(settings):
    old = crypto.encrypt("111222333")
    settings.WERKROUTE_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.WERKROUTE_ENCRYPTION_KEYS]
    assert crypto.decrypt(old) == "111222333"
    new = crypto.encrypt("111222333")
    settings.WERKROUTE_ENCRYPTION_KEYS = settings.WERKROUTE_ENCRYPTION_KEYS[:1]
    assert crypto.decrypt(new) == "111222333"
    with pytest.raises(crypto.DecryptionError) as error:
        crypto.decrypt(old)
    assert "111222333" not in str(error.value)


def test_lookup_hash_depends_on_the_key_and_ignores_surrounding_spaces(settings):
    first = crypto.lookup_hash("111222333")
    assert crypto.lookup_hash(" 111222333 ") == first and crypto.lookup_hash("") == ""
    settings.WERKROUTE_LOOKUP_HASH_KEY = "another-key"
    assert crypto.lookup_hash("111222333") != first
