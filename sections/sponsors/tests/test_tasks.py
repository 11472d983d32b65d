"""The daily asset reminders (`remind_sponsor_assets`): sponsors mailed about assets due within
a week, once a day; the team mailed the overdue ones, once a day."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from sections.sponsors import tasks
from sections.sponsors.factories import AssetFactory, SponsorContactFactory, SponsorshipFactory
from sections.sponsors.models import Sponsorship

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def sponsorship(sponsor):
    return SponsorshipFactory(sponsor=sponsor, status=Sponsorship.Status.APPROVED)


def run(capture):
    with capture(execute=True):
        return tasks.remind_sponsor_assets.call_local()


def test_due_in_three_days_is_reminded_once_a_day(sponsorship, users, django_capture_on_commit_callbacks):
    SponsorContactFactory(sponsor=sponsorship.sponsor, email="boss@example.com")
    SponsorContactFactory(sponsor=sponsorship.sponsor, email="psf-manager@example.com", manager=True)
    banner = AssetFactory(sponsorship=sponsorship, label="Banner", kind="image", due_date=days(3))
    AssetFactory(sponsorship=sponsorship, label="Blurb", due_date=days(7))
    AssetFactory(sponsorship=sponsorship, label="Later", due_date=days(10))
    AssetFactory(sponsorship=sponsorship, label="Done", due_date=days(2), submitted_at=timezone.now())
    AssetFactory(sponsorship=sponsorship, label="Voucher", provided=True, due_date=days(2))
    assert run(django_capture_on_commit_callbacks) == {"reminders": 1, "overdue": 0}
    (message,) = mail.outbox
    assert sorted(message.to) == ["boss@example.com", users["contact"].email]  # not the PSF manager
    assert "Banner" in message.body and "Blurb" in message.body
    assert "Later" not in message.body and "Done" not in message.body and "Voucher" not in message.body
    assert f"/users/sponsorships/{sponsorship.pk}/assets/" in message.body
    banner.refresh_from_db()
    assert banner.reminded_on == TODAY
    # the same day again: nothing
    assert run(django_capture_on_commit_callbacks) == {"reminders": 0, "overdue": 0}
    assert len(mail.outbox) == 1
    # the next day: reminded again
    assert tasks.remind_sponsors(today=days(1)) == 1


def test_due_in_ten_days_is_not_reminded(sponsorship, django_capture_on_commit_callbacks):
    AssetFactory(sponsorship=sponsorship, due_date=days(10))
    AssetFactory(sponsorship=sponsorship, due_date=None)
    assert run(django_capture_on_commit_callbacks) == {"reminders": 0, "overdue": 0}
    assert mail.outbox == []


@pytest.mark.parametrize(
    "fields,reminded",
    [
        ({"status": Sponsorship.Status.APPLIED}, False),  # not pressed before approval
        ({"status": Sponsorship.Status.REJECTED}, False),
        ({"finalized": True}, True),
        (
            {
                "finalized": True,
                "start_date": days(-400),
                "end_date": days(-35),
            },
            False,
        ),
    ],
)
def test_only_active_sponsorships_are_reminded(sponsor, fields, reminded, django_capture_on_commit_callbacks):
    sponsorship = SponsorshipFactory(sponsor=sponsor, **fields)
    AssetFactory(sponsorship=sponsorship, due_date=days(3))
    AssetFactory(sponsorship=sponsorship, due_date=days(-3))
    result = run(django_capture_on_commit_callbacks)
    assert result == ({"reminders": 1, "overdue": 1} if reminded else {"reminders": 0, "overdue": 0})


def test_overdue_assets_go_to_the_team_once_a_day(
    sponsorship, other_sponsor, settings, django_capture_on_commit_callbacks
):
    settings.SPONSORSHIP_NOTIFICATION_TO_EMAIL = "team@example.com"
    AssetFactory(sponsorship=sponsorship, label="Late banner", due_date=days(-2))
    AssetFactory(sponsorship=None, sponsor=sponsorship.sponsor, label="Late tagline", due_date=days(-1))
    SponsorshipFactory(sponsor=sponsorship.sponsor, status=Sponsorship.Status.APPROVED)  # shares the tagline
    other = SponsorshipFactory(sponsor=other_sponsor, finalized=True)
    AssetFactory(sponsorship=other, label="Late text", due_date=days(-1))
    AssetFactory(sponsorship=other, label="Late but given", due_date=days(-1), submitted_at=timezone.now())
    assert run(django_capture_on_commit_callbacks) == {"reminders": 0, "overdue": 3}
    (message,) = mail.outbox
    assert message.to == ["team@example.com"]
    assert "3" in message.subject
    body = message.body
    assert body.count("Late tagline") == 1  # a sponsor's own asset once
    assert "Late banner" in body and "Late text" in body and "Late but given" not in body
    assert "Acme Corp" in body and "Other Inc" in body
    assert f"/users/sponsorships/{sponsorship.pk}/" in body
    assert run(django_capture_on_commit_callbacks) == {"reminders": 0, "overdue": 0}
    assert len(mail.outbox) == 1
    # a new day: the team hears again
    assert tasks.flag_overdue(today=days(1)) == 3


def test_the_team_can_open_the_overdue_link(client, users, sponsorship, settings, django_capture_on_commit_callbacks):
    AssetFactory(sponsorship=sponsorship, label="Late banner", due_date=days(-2))
    run(django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if word.startswith("http://testserver/users/sponsorships/"))
    client.force_login(users["team"])
    assert client.get(link).status_code == 200
