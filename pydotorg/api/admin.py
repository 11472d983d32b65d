"""API keys (v1) and tokens (v2) in Django's admin (/django-admin/api/): staff create, rotate
and revoke (delete) them; `manage.py api_credentials` does the same from the command line."""

from django.contrib import admin, messages

from . import services
from .models import ApiKey, ApiToken


@admin.register(ApiKey, ApiToken)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ["user", "created"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["key", "created"]
    actions = ["rotate", "revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.action(description="Rotate: a new key and token for these users")
    def rotate(self, request, queryset):
        for credential in queryset:
            try:
                services.rotate(credential.user)
            except services.NotStaff as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"New API key and token for {credential.user.username}.")

    @admin.action(description="Revoke: delete the key and token of these users")
    def revoke(self, request, queryset):
        users = [credential.user for credential in queryset]
        for user in users:
            services.revoke(user)
        self.message_user(request, f"Revoked the API credentials of {len(users)} user(s).")
