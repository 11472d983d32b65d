"""Who is told what, by email (queued with pydotorg.core.mail.queue_email: stored in the
action's transaction, sent by Huey after commit, retried, never lost).

- a submission (new or edited): the staff (SUCCESS_STORIES_STAFF_EMAIL, else every holder
  of `successstories.moderate_storypage`), with the link to review it in the admin;
- the moderators request changes: the submitter, with the moderator's comment;
- the moderators approve (the story is published): the submitter, with the story's link.

Wagtail also mails the group's members its own "submitted for moderation" notice (they can
turn it off in their admin account's notification settings)."""

from pydotorg.core.links import absolute_url
from pydotorg.core.mail import queue_email
from pydotorg.core.moderation import mail_moderators, moderator_emails


def context(story, **extra):
    index_url = story.get_parent().url or "/success-stories/"
    return {
        "story": story,
        "story_url": absolute_url(story.url or "/"),
        "mine_url": absolute_url(index_url + "mine/"),
        "edit_url": absolute_url(f"{index_url}mine/{story.pk}/edit/"),
        "admin_url": absolute_url(f"/admin/pages/{story.pk}/edit/"),
        **extra,
    }


def submitter(story):
    user = story.submitted_by
    return [user.email] if user is not None and user.email and user.is_active else []


def submitted(story, new=True):
    reply_to = submitter(story)
    return mail_moderators(type(story), "successstories/email/submitted", context(story, new=new), reply_to=reply_to)


def changes_requested(story, comment):
    to = submitter(story)
    if not to:
        return None
    reply_to = moderator_emails(type(story))
    return queue_email(to, "successstories/email/rejected", context(story, comment=comment), reply_to=reply_to)


def published(story):
    to = submitter(story)
    if not to:
        return None
    return queue_email(to, "successstories/email/approved", context(story), reply_to=moderator_emails(type(story)))
