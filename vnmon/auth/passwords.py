"""Password hashing with Argon2id (argon2-cffi): per-hash random salt, parameters stored in the hash."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's RFC 9106 "low memory" profile: 64 MiB, 3 passes; 0.7-0.8 s per hash on this 2-core machine
# under load (each login pays it once; the throttle caps guessing).
_HASHER = PasswordHasher()

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """An encoded Argon2id hash (`$argon2id$v=19$m=...`) of `password`, salted at random."""
    return _HASHER.hash(password)


def verify_password(encoded: str, password: str) -> bool:
    """Whether `password` matches `encoded`; a malformed hash is a mismatch, never an error."""
    try:
        return _HASHER.verify(encoded, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether `encoded` was made with weaker parameters than today's (rehash on next login)."""
    try:
        return _HASHER.check_needs_rehash(encoded)
    except InvalidHashError:
        return True


def check_strength(password: str) -> str | None:
    """Why `password` is too weak to accept, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password must be at least {MIN_PASSWORD_LENGTH} characters long"
    if password.strip() != password:
        return "password must not start or end with spaces"
    return None
