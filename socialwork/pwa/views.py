"""The installable shell: manifest, service worker, offline page, and the
outbox's two server calls (the session's sealing key, opening an item)."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import sealing


@require_GET
def manifest(request):
    body = {
        "name": settings.PORTAL_NAME,
        "short_name": _("CTXH"),
        "description": _("Ghi việc công tác xã hội ở thôn, bản, cả khi mất sóng."),
        "lang": "vi",
        "dir": "ltr",
        # The collaborator's home: the page the outbox shows its waiting items on.
        "start_url": "/",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f5f8b",
        "icons": [
            {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("pwa/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_GET
def service_worker(request):
    """Served from the root so its scope is the whole portal, never cached (a
    new release must reach phones on their next visit), and rendered so that it
    names the hashed static files it keeps."""
    shell = [
        "/offline/",
        "/field/",
        static("css/portal.css"),
        static("js/outbox.js"),
        static("js/field.js"),
        static("favicon.svg"),
        static("pwa/icon-192.png"),
    ]
    response = render(
        request,
        "pwa/sw.js",
        # The hashed names change with the files: a new release, a new cache.
        {
            "shell": json.dumps(shell),
            "version": json.dumps(hashlib.sha256(json.dumps(shell).encode()).hexdigest()[:12]),
        },
        content_type="text/javascript; charset=utf-8",
    )
    add_never_cache_headers(response)
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    """What a page that needs the server shows when there is no network. It
    carries nothing of any user: the service worker fetches it signed out."""
    response = render(request, "pwa/offline.html")
    patch_cache_control(response, public=True, max_age=0)
    return response


@login_required
@require_GET
def outbox_key(request):
    """The session's sealing key, a fresh CSRF token (login rotates it) and the
    server's clock, which the page compares with the phone's."""
    response = JsonResponse(
        {
            "key": sealing.public_jwk(request.session),
            "csrf": get_token(request),
            "now": timezone.now().isoformat(),
        }
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def outbox_open(request):
    """Open one sealed item for its author's live session, to send it or fix it."""
    if len(request.body) > sealing.MAX_ENVELOPE:
        return JsonResponse({"detail": _("Mục này quá lớn.")}, status=413)
    try:
        envelope = json.loads(request.body)
        payload = sealing.unseal(request.session, envelope if isinstance(envelope, dict) else {})
    except json.JSONDecodeError:
        return JsonResponse({"detail": str(sealing.DAMAGED), "code": "damaged"}, status=400)
    except ValidationError as error:
        return JsonResponse({"detail": error.messages[0], "code": error.code}, status=410)
    response = JsonResponse({"payload": payload})
    add_never_cache_headers(response)
    return response
