"""Links in queued messages, sealed: encrypted with a key derived from SECRET_KEY (HKDF), so no one
reading the database (or a backup) can use an invitation or reset link waiting in the outbox."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = b"hiring outbox links v1"


def _fernet(secret_key: str | bytes) -> Fernet:
    material = secret_key.encode() if isinstance(secret_key, str) else secret_key
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret_key: str | bytes, text: str) -> bytes:
    return _fernet(secret_key).encrypt(text.encode())


def unseal(secret_key: str | bytes, sealed: bytes) -> str | None:
    """The text, or None if it was sealed with another key (SECRET_KEY changed) or tampered with."""
    try:
        return _fernet(secret_key).decrypt(bytes(sealed)).decode()
    except InvalidToken:
        return None
