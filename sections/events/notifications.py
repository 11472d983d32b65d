"""Who is told what about events, by email. Every mail is queued through the outbox
(pydotorg.core.mail.queue_email: stored in the action's transaction, sent by Huey after
commit, retried, never lost).

| when | who | template |
|---|---|---|
| a visitor submits an event | the event moderators (`moderation.mail_moderators`) | events/email/submitted |
| a moderator approves / rejects it | the submitter | events/email/approved, events/email/rejected |
| the day before an occurrence | each visitor who asked | events/email/reminder |
"""

from pydotorg.core.mail import queue_email
from pydotorg.core.moderation import mail_moderators

from .models import Event

DECISION_TEMPLATES = {"approve": "events/email/approved", "reject": "events/email/rejected"}


def submitted(event, review_url):
    """A new submission: the moderators (every active holder of events.publish_event,
    superusers included) get a link to the review page."""
    return mail_moderators(Event, "events/email/submitted", {"event": event, "review_url": review_url})


def decided(event, action, url):
    """The moderator's decision (with their comment) to the submitter, if they have an address."""
    submitter = event.submitted_by
    if not (submitter and submitter.email):
        return None
    context = {"event": event, "url": url, "comment": event.moderation_comment}
    return queue_email(submitter.email, DECISION_TEMPLATES[action], context)


def reminder(reminder, occurrence, url):
    """The day before `occurrence`: the visitor who asked to be reminded."""
    context = {"event": occurrence.event, "occurrence": occurrence, "user": reminder.user, "url": url}
    return queue_email(reminder.user.email, "events/email/reminder", context)
