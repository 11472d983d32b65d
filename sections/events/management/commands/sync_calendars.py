from django.core.management.base import BaseCommand, CommandError

from sections.events.models import Calendar
from sections.events.sync import sync_calendar


class Command(BaseCommand):
    help = "Import the external iCalendar feed of the given calendars (by slug), or of all that have one."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Calendar slugs (default: every calendar with a feed).")
        parser.add_argument(
            "--confirm-removals",
            action="store_true",
            help="Unpublish the events the feed dropped even when it dropped more than half of them.",
        )

    def handle(self, *args, slugs=(), confirm_removals=False, **options):
        if slugs:
            calendars = list(Calendar.objects.filter(slug__in=slugs))
            unknown = set(slugs) - {calendar.slug for calendar in calendars}
            if unknown:
                raise CommandError(f"Unknown calendar(s): {', '.join(sorted(unknown))}")
        else:
            calendars = list(Calendar.objects.exclude(feed_url=""))
        failed = 0
        for calendar in calendars:
            record = sync_calendar(calendar, trigger="command", confirm_removals=confirm_removals or None)
            self.stdout.write(record.summary())
            failed += record.status == record.Status.FAILED
        if failed:
            raise CommandError(f"{failed} calendar(s) failed to sync.")
