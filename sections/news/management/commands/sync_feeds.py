from django.core.management.base import BaseCommand, CommandError

from sections.news.models import Feed
from sections.news.sync import sync_feed


class Command(BaseCommand):
    help = "Import the RSS/Atom feeds of the given news feeds (by slug or name), or of all of them."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Feed slugs or names (default: every feed).")

    def handle(self, *args, names=(), **options):
        feeds = list(Feed.objects.all())
        if names:
            wanted = {name.casefold() for name in names}
            feeds = [feed for feed in feeds if {feed.slug.casefold(), feed.name.casefold()} & wanted]
            known = {key for feed in feeds for key in (feed.slug.casefold(), feed.name.casefold())}
            if unknown := sorted(name for name in names if name.casefold() not in known):
                raise CommandError(f"Unknown feed(s): {', '.join(unknown)}")
        failed = 0
        for feed in feeds:
            record = sync_feed(feed, trigger="command")
            self.stdout.write(record.summary())
            failed += record.status == record.Status.FAILED
        if failed:
            raise CommandError(f"{failed} feed(s) failed to sync.")
