from django.conf import settings
from django.core.management.base import BaseCommand

from socialwork.accounts.models import User
from socialwork.accounts.twofactor import needs_second_factor
from socialwork.demo.context import DEMO_PASSWORD
from socialwork.demo.users import DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins (only where demo data is allowed)."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            return
        usernames = [row[0] for row in DEMO_USERS]
        users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        if not users:
            self.stdout.write("No demo logins in this database.")
            return
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for username in usernames:
            user = users.get(username)
            if user is None:
                continue
            where = f" – {user.area}" if user.area_id else ""
            two = " (2FA)" if needs_second_factor(user) else ""
            self.stdout.write(f"  {username:<15} {user.get_role_display()}{where}{two}")
        self.stdout.write(
            "  (2FA): after the password, set up an authenticator app, or print the code "
            "with: .venv/bin/python manage.py demo_code <username>"
        )
