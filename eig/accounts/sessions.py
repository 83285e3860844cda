"""Django's database sessions, read as every signed-in request reads them: by equality, in SQL built
once per process (eig.core.prepared) instead of the ORM building `get(session_key=…, expire_date__gt=now)`
at each request. The same table, rows and encoding as `django.contrib.sessions.backends.db`: switching
from one engine to the other signs nobody out. settings.SESSION_ENGINE names this module.
"""

import logging

from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from eig.core import prepared


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        try:
            session = prepared.first(self.model, session_key=self.session_key) if self.session_key else None
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            session = None
        if session is None or session.expire_date <= timezone.now():  # an expired row is no session
            self._session_key = None
            return None
        return session
