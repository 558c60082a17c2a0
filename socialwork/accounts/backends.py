from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from socialwork.accounts.phones import normalize_phone


def _matching_users(login: str) -> list:
    phone = normalize_phone(login)
    match = Q(username__iexact=login)
    if phone:
        match |= Q(phone=phone)
    return list(get_user_model()._default_manager.filter(match)[:2])


def lockout_key(request, credentials=None) -> str | None:
    """django-axes counts failures under this key (AXES_USERNAME_CALLABLE): the
    account a login names, however it is spelt ("DEMO.CTV", "demo.ctv", its phone
    as "+84 912…" or "0912…"), so no spelling buys five fresh attempts."""
    if credentials:
        login = credentials.get("username")
    else:
        login = getattr(request, "data", request.POST).get("username")
    if not login:
        return login
    login = str(login).strip()
    users = _matching_users(login)
    if len(users) == 1:
        return f"user:{users[0].pk}"
    return normalize_phone(login) or login.casefold()


class UsernameOrPhoneBackend(ModelBackend):
    """Log in with the username or the phone number (collaborators remember
    their number, not a username)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user_model = get_user_model()
        users = _matching_users(username)
        if len(users) != 1:
            # Run the hasher anyway so a missing user takes as long as a wrong password.
            user_model().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
