"""API keys (v1) and tokens (v2) in Django's admin (/django-admin/): staff create and
revoke (delete) them; `manage.py api_credentials` does the same from the command line."""

from django.contrib import admin

from .models import ApiKey, ApiToken


@admin.register(ApiKey, ApiToken)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ["user", "created"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["key", "created"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")
