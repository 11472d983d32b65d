"""`manage.py clone_sponsorship_year FROM TO [--make-current]`: copy a year's catalogue
(packages, benefits and their features) into the next, in one transaction
(SponsorshipBenefit.clone_year; the admin's Sponsors → Clone a year does the same)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sections.sponsors.models import SponsorshipBenefit


class Command(BaseCommand):
    help = "Copy the sponsorship catalogue (packages, benefits, their features) of FROM into TO."

    def add_arguments(self, parser):
        parser.add_argument("from_year", type=int, help="The year whose catalogue is copied.")
        parser.add_argument("to_year", type=int, help="The year to copy it into (it must have no catalogue yet).")
        parser.add_argument(
            "--make-current", action="store_true", help="Make TO the current sponsorship year (applications)."
        )

    def handle(self, from_year, to_year, make_current=False, **options):
        try:
            counts = SponsorshipBenefit.clone_year(from_year, to_year, make_current=make_current)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Cloned {from_year} into {to_year}: {summary}."))
        if make_current:
            self.stdout.write(f"{to_year} is now the current sponsorship year.")
