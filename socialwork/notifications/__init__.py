"""Notifications: in-app, and SMS / e-mail through pluggable senders.

    from socialwork.notifications.services import notify

    notify(recipients=[official], kind="referral.received",
           title=_("Có chuyển gửi mới"), body=..., url=referral_url,
           dedupe_key=f"referral:{referral.pk}:received", related=referral, sms=True)

- One in-app row per recipient (plus an SMS row if they have a phone and
  sms=True, an e-mail row if they have an address and email=True), written in
  one INSERT. A `dedupe_key` makes the call idempotent per recipient and
  channel: a beat job can re-run over the same deadlines safely.
- SMS and e-mail leave with the Celery task
  `socialwork.notifications.tasks.deliver_pending` (beat, every 5 minutes),
  through settings.SMS_BACKEND (default `sms.LoggingBackend`: logs only, no
  phone number or text) and Django's mail. Keep titles free of beneficiaries'
  names: they travel by SMS.
- Templates: `unread_notifications` from the context processor
  `socialwork.notifications.context_processors.unread` (lazy count).
- Page: /notifications/ (unread first; mark read / all read).
  API: /api/v1/notifications/ (own only; ?unread=true, ?kind=) and
  POST /api/v1/notifications/<id>/mark-read/.
"""
