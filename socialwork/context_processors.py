from django.conf import settings


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_DEPARTMENT_NAME": settings.PORTAL_DEPARTMENT_NAME,
    }
