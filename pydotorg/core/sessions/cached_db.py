from django.contrib.sessions.backends.cached_db import SessionStore as _SessionStore

from . import SessionSecretMixin


class SessionStore(SessionSecretMixin, _SessionStore):
    pass
