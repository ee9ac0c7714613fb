"""Encryption of the most sensitive identifiers at rest, and keyed hashes to find them again.

A BSN is stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256, a fresh IV each time), so a copy of the
database or a backup does not reveal it. Because the ciphertext differs every time, equality lookups
use a separate keyed hash (HMAC-SHA256) of the normalised value: it finds a BSN without storing it, and
without the key it cannot be reversed by trying all one billion nine-digit numbers.

Keys come from the environment (see ``conf/base.py``). Several encryption keys may be given: the first
encrypts, all decrypt, so a key can be rotated by putting the new one first.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(Exception):
    """Stored ciphertext cannot be decrypted with any configured key (wrong or missing key)."""


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current_cipher() -> MultiFernet:
    return _cipher(tuple(settings.WERKROUTE_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return _current_cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current_cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        # Never include the token or the value: this message may reach a log.
        raise DecryptionError("stored value cannot be decrypted with the configured keys") from None


def lookup_hash(value: str) -> str:
    """The keyed hash by which an encrypted value is found; empty for an empty value."""
    normalised = value.strip()
    if not normalised:
        return ""
    key = settings.WERKROUTE_LOOKUP_HASH_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()
