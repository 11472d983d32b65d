"""The "Success story moderators" group and the "Success story review" workflow.

- The group: Wagtail admin access, `successstories.moderate_storypage` (the review queue on
  the dashboard and in the menu: pydotorg.core.moderation.can_moderate) and the story
  categories; on the success-stories index page, Wagtail's change, publish, lock and unlock
  page permissions (edit, approve, publish and unpublish stories; never add or delete).
- The workflow: one GroupApprovalTask ("Success story moderators approval") of that group,
  linked to the index page. An index made later gets both through signals.py
  (review.attach_review)."""

from django.conf import settings
from django.db import migrations

GROUP = "Success story moderators"
WORKFLOW = "Success story review"
TASK = "Success story moderators approval"
MODEL_PERMISSIONS = [  # app, model, codename, the name Django would give it
    ("successstories", "storypage", "moderate_storypage", "Can moderate success stories"),
    ("successstories", "storycategory", "add_storycategory", "Can add story category"),
    ("successstories", "storycategory", "change_storycategory", "Can change story category"),
    ("successstories", "storycategory", "view_storycategory", "Can view story category"),
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
]
PAGE_PERMISSIONS = ["change", "publish", "lock", "unlock"]


def permission(apps, app_label, model, codename, name):
    """The permission row (Django makes them after migrate: made here when missing)."""
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    SuccessStoryIndexPage = apps.get_model("successstories", "SuccessStoryIndexPage")

    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*(permission(apps, *spec) for spec in MODEL_PERMISSIONS))
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(group)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for index in SuccessStoryIndexPage.objects.all():
        if not WorkflowPage.objects.filter(page_id=index.pk).exists():
            WorkflowPage.objects.create(page_id=index.pk, workflow=workflow)
        for action in PAGE_PERMISSIONS:
            perm = permission(apps, "wagtailcore", "page", f"{action}_page", f"Can {action} page")
            GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=perm)


def remove(apps, schema_editor):
    """Delete the workflow (with its states), the task and the group by id, without the ORM's
    cascade (a later migration's historical models may trip it: see downloads 0004)."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")

    def raw_delete(rows):
        rows._raw_delete(rows.db)

    workflows = list(Workflow.objects.filter(name=WORKFLOW).values_list("pk", flat=True))
    tasks = list(Task.objects.filter(name=TASK).values_list("pk", flat=True))
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    states = list(WorkflowState.objects.filter(workflow_id__in=workflows).values_list("pk", flat=True))
    WorkflowState.objects.filter(pk__in=states).update(current_task_state=None)
    raw_delete(TaskState.objects.filter(workflow_state_id__in=states))
    raw_delete(WorkflowState.objects.filter(pk__in=states))
    raw_delete(apps.get_model("wagtailcore", "WorkflowPage").objects.filter(workflow_id__in=workflows))
    raw_delete(apps.get_model("wagtailcore", "WorkflowTask").objects.filter(workflow_id__in=workflows))
    raw_delete(Workflow.objects.filter(pk__in=workflows))
    raw_delete(apps.get_model("wagtailcore", "GroupApprovalTask").groups.through.objects.filter(groupapprovaltask_id__in=tasks))
    raw_delete(apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(pk__in=tasks))
    raw_delete(Task.objects.filter(pk__in=tasks))
    ids = list(Group.objects.filter(name=GROUP).values_list("pk", flat=True))
    for model in (
        apps.get_model("wagtailcore", "GroupPagePermission"),
        apps.get_model("wagtailcore", "GroupCollectionPermission"),
        Group.permissions.through,
        apps.get_model(settings.AUTH_USER_MODEL).groups.through,
    ):
        raw_delete(model.objects.filter(group_id__in=ids))
    raw_delete(Group.objects.filter(pk__in=ids))


class Migration(migrations.Migration):
    dependencies = [
        ("successstories", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create, remove)]
