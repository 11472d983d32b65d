"""Session engines whose stored data is signed with SESSION_SECRET_KEY rather than
SECRET_KEY, so the two can be rotated independently (the deployment guide keeps them apart)."""

from django.conf import settings
from django.core import signing


class SessionSecretMixin:
    def encode(self, session_dict):
        return signing.dumps(
            session_dict,
            key=settings.SESSION_SECRET_KEY,
            salt=self.key_salt,
            serializer=self.serializer,
            compress=True,
        )

    def decode(self, session_data):
        try:
            return signing.loads(
                session_data, key=settings.SESSION_SECRET_KEY, salt=self.key_salt, serializer=self.serializer
            )
        except Exception:
            # Tampered, signed with an old key, or unreadable: start an empty session.
            return {}
