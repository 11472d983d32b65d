"""`manage.py api_credentials <username> [--rotate | --revoke]`: create (or show) a staff
user's API v1 key and v2 token for release automation, replace them, or revoke both."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pydotorg.api import services


class Command(BaseCommand):
    help = "Create or show a staff user's API key (v1) and token (v2); --revoke deletes them; --rotate renews them."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="Delete the key and the token.")
        parser.add_argument("--rotate", action="store_true", help="Replace the key and the token by new ones.")

    def handle(self, username, revoke=False, rotate=False, **options):
        user = get_user_model().objects.filter(username=username.lower()).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if revoke:
            services.revoke(user)
            self.stdout.write(f"Revoked the API key and token of {user.username}.")
            return
        try:
            key, token = services.rotate(user) if rotate else services.issue(user)
        except services.NotStaff as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Authorization: ApiKey {user.username}:{key.key}")
        self.stdout.write(f"Authorization: Token {token.key}")
