import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _fernet(secret_key: str) -> Fernet:
    # A key of its own for this purpose, derived from the secret key (not the key itself).
    digest = hashlib.sha256(b"eig.accounts.mfa-secrets:" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class MFAAdapter(DefaultMFAAdapter):
    """Stores the TOTP secret and the recovery-code seed encrypted (allauth keeps them in clear).

    Encrypted with a key derived from SECRET_KEY; SECRET_KEY_FALLBACKS still decrypt, so the
    key can be rotated without locking anyone out (re-encryption happens on the next save).
    """

    @staticmethod
    def _keys() -> MultiFernet:
        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return MultiFernet([_fernet(key) for key in keys])

    def encrypt(self, text: str) -> str:
        return self._keys().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return self._keys().decrypt(encrypted_text.encode()).decode()
