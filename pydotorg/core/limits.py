"""Per-user limits on what people post (jobs, job comments, event submissions).

A limit counts the user's own recent rows in the database, so it holds without Redis and
across processes: `check_recent(Job.objects.filter(submitted_by=user), "created", limit=5,
hours=24, what="jobs", verb="submitted")` raises a ValidationError (code "rate_limit") when
the user already has `limit` rows newer than `hours` hours. Forms raise it from `clean()`;
views add it to their form or show it as a message."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone


def check_recent(rows, field, *, limit, hours, what, verb="posted"):
    """Refuse one more of `rows` (a queryset of one user's rows; `field` their creation time)."""
    since = timezone.now() - timedelta(hours=hours)
    if rows.filter(**{f"{field}__gte": since}).count() >= limit:
        span = "hour" if hours == 1 else f"{hours} hours"
        raise ValidationError(
            f"You have {verb} {limit} {what} in the last {span}, the most allowed. Please try again later.",
            code="rate_limit",
        )
