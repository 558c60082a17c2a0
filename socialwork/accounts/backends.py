from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from socialwork.accounts.phones import normalize_phone


class UsernameOrPhoneBackend(ModelBackend):
    """Log in with the username or the phone number (collaborators remember
    their number, not a username)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user_model = get_user_model()
        phone = normalize_phone(username)
        match = Q(username__iexact=username)
        if phone:
            match |= Q(phone=phone)
        users = list(user_model._default_manager.filter(match)[:2])
        if len(users) != 1:
            # Run the hasher anyway so a missing user takes as long as a wrong password.
            user_model().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
