"""`{% attachments_section record %}`: the papers of a record on its page, with
the upload form for those who may add. The record was loaded by the page
through the user's scope; the list goes through it again."""

from django import template
from django.conf import settings

from socialwork.accounts.capabilities import can

from ..forms import AttachmentForm
from ..owners import kind_of
from ..selectors import attachment_list

register = template.Library()


@register.inclusion_tag("attachments/section.html", takes_context=True)
def attachments_section(context, record):
    user = context["request"].user
    readable = can(user, "attachment.read")
    return {
        "record": record,
        "owner": kind_of(record),
        "readable": readable,
        "attachments": attachment_list(actor=user, record=record) if readable else [],
        "form": AttachmentForm() if can(user, "attachment.add") else None,
        "csrf_token": context.get("csrf_token"),
        "max_mb": settings.ATTACHMENT_MAX_MB,
    }
