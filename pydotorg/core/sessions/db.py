from django.contrib.sessions.backends.db import SessionStore as _SessionStore

from . import SessionSecretMixin


class SessionStore(SessionSecretMixin, _SessionStore):
    pass
