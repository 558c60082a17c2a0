from django.conf import settings
from django.core.management.base import BaseCommand

from socialwork.accounts.models import User
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
            self.stdout.write(f"  {username:<15} {user.get_role_display()}{where}")
