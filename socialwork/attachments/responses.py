"""How an opened attachment leaves the portal."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def serve(name: str, content: bytes, content_type: str) -> HttpResponse:
    """Always a download (never shown inline: a PDF's scripts stay out of the
    portal's origin), never kept by a browser, proxy or the service worker."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
