"""Demo elections (called by `manage.py load_demo_content`): the PSF Board and Packaging
Council kinds, one past election (nominations closed) and one open, each with nominations in
every state (awaiting the nominee, declined, accepted awaiting approval, public, and a public
self-nomination). Matched by slug and by (election, email): a second run changes nothing."""

from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Election, ElectionKind, Nomination, Nominee

DEMO_ORDER = 60
NOMINATOR = "demo-nominator"
KINDS = [
    ("PSF Board", "psf-board", "#3776ab", ElectionKind.Form.BOARD),
    ("Packaging Council", "packaging-council", "#ffd43b", ElectionKind.Form.PACKAGING),
]
# (name, accepted, approved, self-nomination)
CANDIDATES = [
    ("Ada Quinn", True, True, False),
    ("Bo Lindqvist", True, True, True),
    ("Chidi Okafor", True, False, False),
    ("Dana Moreau", None, False, False),
    ("Emil Sato", False, False, False),
]
STATEMENT = """{name} has organised Python meetups for years, mentors new contributors and
reviews pull requests across the ecosystem.

- Community organiser
- Maintainer of several open-source packages

{name} would bring **care and experience** to the {election}."""


def election_dates(now, open_):
    """An open election's window around `now`, a past one's a year ago."""
    if open_:
        return now - timedelta(days=10), now + timedelta(days=20), (now + timedelta(days=45)).date()
    start = datetime(now.year - 1, 5, 1, 12, tzinfo=UTC)
    return start, start + timedelta(days=30), (start + timedelta(days=60)).date()


def demo_user(username, email):
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def load_demo(command):
    kinds = {}
    for name, slug, colour, form in KINDS:
        kinds[slug], created = ElectionKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "accent_colour": colour, "form": form}
        )
        command.tally("election kinds", "created" if created else "present")
    nominator = demo_user(NOMINATOR, "nominator@example.com")
    now = timezone.now()
    for slug, kind, open_ in [
        ("2026-psf-board", "psf-board", True),
        ("2025-packaging-council", "packaging-council", False),
    ]:
        opens, closes, date = election_dates(now, open_)
        name = f"{slug[:4]} {kinds[kind].name} Election"
        election, created = Election.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kinds[kind],
                "date": date,
                "nominations_open_at": opens,
                "nominations_close_at": closes,
                "description": f"Nominations for the **{name}**. Any PSF member may nominate; "
                "the nominee accepts, the election administrators approve, and the nomination is published.",
            },
        )
        command.tally("elections", "created" if created else "present")
        for person, accepted, approved, own in CANDIDATES:
            email = f"{person.split()[0].lower()}@example.com"
            if Nomination.objects.filter(election=election, email=email).exists():
                command.tally("nominations", "present")
                continue
            Nomination.objects.create(
                election=election,
                nominee=Nominee.for_email(election, person, email),
                name=person,
                email=email,
                employer="Example Corp",
                previous_service="" if own else "Two terms",
                other_affiliations="Python Software Verband",
                nomination_statement=STATEMENT.format(name=person, election=election.name),
                nominator=demo_user(f"demo-{email.split('@')[0]}", email) if own else nominator,
                self_nomination=own,
                accepted=accepted,
                approved=approved,
                code_of_conduct_ack=True,
                eligibility_ack=True,
            )
            command.tally("nominations", "created")
