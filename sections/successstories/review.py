"""The moderation of stories through Wagtail's workflow "Success story review" (made by
migration 0002): the index page carries the workflow and the moderators' page permissions,
a submission starts (or resumes) the workflow, and a story's state is read from it.

A site submission starts the workflow with no `requested_by`: Wagtail mails its own
approval and rejection notices (with admin links) to the requester, so the submitter, who
has no admin access, gets ours alone (notifications.py, from signals.py)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowState

from .models import GROUP, PAGE_PERMISSIONS, WORKFLOW

OPEN = [WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]


def review_workflow():
    return Workflow.objects.filter(name=WORKFLOW).first()


def attach_review(index):
    """Give the index page (and so every story) the review workflow and the moderators'
    page permissions, unless an editor chose another workflow there. Idempotent."""
    workflow, group = review_workflow(), Group.objects.filter(name=GROUP).first()
    if workflow is not None and not WorkflowPage.objects.filter(page=index).exists():
        WorkflowPage.objects.create(page=index, workflow=workflow)
    if group is not None:
        for action in PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)


def submit(story, user):
    """Put the story's latest revision before the moderators: resume the workflow that asked
    for changes, or start the page's workflow (the review workflow if the page has none)."""
    with transaction.atomic():
        state = story.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user=user)
        elif state is None:
            workflow = story.get_workflow() or review_workflow()
            workflow.start(story, None)


def open_states(stories):
    """{story pk: its in-progress or needs-changes WorkflowState} in one query."""
    ids = [str(story.pk) for story in stories]
    states = WorkflowState.objects.filter(
        content_type__app_label="successstories", object_id__in=ids, status__in=OPEN
    ).select_related("current_task_state")
    return {int(state.object_id): state for state in states}


def state_of(story, workflow_state):
    """(code, label, comment) of a story for its submitter."""
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = workflow_state.current_task_state
        return "changes", "Changes requested", task_state.comment if task_state else ""
    if workflow_state is not None:
        return "review", "In review" + (" (changes to the published story)" if story.live else ""), ""
    if story.live:
        return "published", "Published", ""
    if story.first_published_at:
        return "unpublished", "Unpublished", ""
    return "draft", "Draft", ""
