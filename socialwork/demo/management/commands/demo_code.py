from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of a demo login, for trying the portal "
        "without an authenticator app (only where demo data is allowed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo codes exist only where demo data is allowed.")
        # The newest device: the one being set up on the first sign-in, or the confirmed one.
        device = TOTPDevice.objects.filter(user__username=username).order_by("-pk").first()
        if device is None:
            raise CommandError(
                f"{username} has no authenticator yet: sign in once with the password."
            )
        totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
