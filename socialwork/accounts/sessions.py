"""Database sessions that record their user (SESSION_ENGINE points here)."""

from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession  # the models import this module

        return UserSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        # Kept in step with the session's own login on every save (login,
        # key rotation after a password change, logout).
        try:
            obj.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            obj.user_id = None
        return obj
