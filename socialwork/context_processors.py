from django.conf import settings

from socialwork.accounts.twofactor import needs_second_factor


def portal(request):
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_DEPARTMENT_NAME": settings.PORTAL_DEPARTMENT_NAME,
        "uses_second_factor": user is not None and needs_second_factor(user),
    }
