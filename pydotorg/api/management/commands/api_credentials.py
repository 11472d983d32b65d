"""`manage.py api_credentials <username> [--revoke]`: create (or show) a staff user's API
v1 key and v2 token for release automation, or revoke both."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sections.downloads.models import ApiKey, ApiToken


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
        if revoke or rotate:
            ApiKey.objects.filter(user=user).delete()
            ApiToken.objects.filter(user=user).delete()
            if revoke:
                self.stdout.write(f"Revoked the API key and token of {user.username}.")
                return
        if not user.is_staff:
            raise CommandError(f"{user.username} is not staff: only staff may write through the API.")
        key, _ = ApiKey.objects.get_or_create(user=user)
        token, _ = ApiToken.objects.get_or_create(user=user)
        self.stdout.write(f"Authorization: ApiKey {user.username}:{key.key}")
        self.stdout.write(f"Authorization: Token {token.key}")
