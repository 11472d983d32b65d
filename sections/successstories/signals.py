"""What follows the workflow and the page tree:

- a new success-stories index page gets the review workflow and the moderators' page
  permissions (review.attach_review), wherever it is made (admin, demo, tests);
- when the moderators request changes on a submitted story (Wagtail's `workflow_rejected`),
  its submitter gets one mail with their comment; when they approve it (`workflow_approved`:
  the workflow has published it), one mail saying it is live."""

from django.db.models.signals import post_save
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from . import notifications, review
from .pages import StoryPage, SuccessStoryIndexPage


def index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        review.attach_review(instance)


def submitted_story(workflow_state):
    story = getattr(workflow_state.content_object, "specific", workflow_state.content_object)
    return story if isinstance(story, StoryPage) and story.submitted_by_id else None


def rejected(sender, instance, user=None, **kwargs):
    story = submitted_story(instance)
    if story is not None:
        task_state = instance.current_task_state
        notifications.changes_requested(story, task_state.specific.get_comment() if task_state else "")


def approved(sender, instance, user=None, **kwargs):
    story = submitted_story(instance)
    if story is not None:
        notifications.published(story)


def connect():
    post_save.connect(index_created, sender=SuccessStoryIndexPage, dispatch_uid="successstories_index_created")
    workflow_rejected.connect(rejected, sender=WorkflowState, dispatch_uid="successstories_rejected")
    workflow_approved.connect(approved, sender=WorkflowState, dispatch_uid="successstories_approved")
