"""The views behind SuccessStoryIndexPage's routes. Each takes the request and the index page.

Who may do what (docs/sections/successstories.md): everyone reads published stories; a
signed-in user submits a story (/success-stories/create/), sees their own
(/success-stories/mine/) and edits one that is not in review; the moderators review in the
Wagtail admin (the "Success story review" workflow). Refusals are `refuse(message)`."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from pydotorg.core.links import SiteFeed
from pydotorg.core.moderation import refuse
from pydotorg.core.restrictions import public

from . import notifications, review
from .forms import StoryForm
from .models import StoryCategory

PER_PAGE = 25
RESERVED_SLUGS = {"category", "create", "mine", "feed"}  # pages.RESERVED_SLUGS (routes of the index)


def story_model():
    return apps.get_model("successstories", "StoryPage")


def login_required(request):
    return redirect_to_login(request.get_full_path(), reverse("account_login"))


def published(page):
    """The live, public stories under the index, newest first."""
    stories = public(story_model().objects.child_of(page).live()).select_related("category")
    return stories.order_by("-first_published_at", "-pk")


def featured(page):
    return published(page).filter(is_featured=True).select_related("image").first()


def index(request, page, category=None):
    """/success-stories/ and /success-stories/category/<slug>/: the stories, paginated."""
    stories = published(page)
    chosen = None
    if category is not None:
        chosen = get_object_or_404(StoryCategory, slug=category)
        stories = stories.filter(category=chosen)
    live = Q(stories__live=True, stories__path__startswith=page.path)
    categories = StoryCategory.objects.annotate(count=Count("stories", filter=live))
    paginator = Paginator(stories, PER_PAGE)
    return page.render(
        request,
        template="successstories/index.html",
        context_overrides={
            "stories": paginator.get_page(request.GET.get("page")),
            "category": chosen,
            "categories": categories,
            "featured": featured(page) if chosen is None else None,
        },
    )


class StoryFeed(SiteFeed):
    """The 20 newest published stories; every URL absolute on the host it is served from."""

    title = "Python success stories"
    description = "How people and organisations use Python: the newest success stories on python.org."

    def __init__(self, page):
        super().__init__()
        self.page = page

    def link(self):
        return self.absolute(self.page.get_url(self.request))

    def items(self):
        return published(self.page)[:20]

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.pull_quote

    def item_link(self, story):
        return self.absolute(story.get_url(self.request))

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at

    def item_author_name(self, story):
        return story.author

    def item_categories(self, story):
        return [story.category.name] if story.category else []


# --- Submitters ------------------------------------------------------------------------


def unique_slug(page, title):
    base = slugify(title)[:200].strip("-") or "story"
    if base in RESERVED_SLUGS:
        base += "-story"
    taken = set(page.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def initial_of(story):
    """The form's values from a story's latest revision (its first Markdown or text block)."""
    markup, content = "markdown", ""
    for block in story.body:
        if block.block_type in ("markdown", "text"):
            markup, content = block.block_type, block.value
            break
    return {
        "title": story.title,
        "company_name": story.company_name,
        "company_url": story.company_url,
        "category": story.category_id,
        "author": story.author,
        "author_email": story.author_email,
        "pull_quote": story.pull_quote,
        "markup": markup,
        "content": content,
    }


def edit(request, page, pk):
    """/success-stories/create/ (pk None) and /success-stories/mine/<pk>/edit/: save the story
    as a draft revision and put it before the moderators."""
    if not request.user.is_authenticated:
        return login_required(request)
    StoryPage = story_model()
    story = None
    if pk is not None:
        story = get_object_or_404(StoryPage.objects.child_of(page), id=pk)  # id: past 2**63 a 404, not a 500
        if not story.is_owner(request.user):
            refuse("Only the submitter may edit this story.")
        code, label, _ = review.state_of(story, review.open_states([story]).get(story.pk))
        if code == "review":
            messages.error(request, "This story is with the moderators: it can be edited once they have decided.")
            return redirect(page.url + "mine/")
        story = story.get_latest_revision_as_object()
    rows = StoryPage.objects.filter(submitted_by=request.user) if story is None else None
    form = StoryForm(request.POST or None, initial=initial_of(story) if story else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {key: data[key] for key in ("title", "company_name", "company_url", "category", "author")}
        fields |= {"author_email": data["author_email"], "pull_quote": data["pull_quote"]}
        fields["body"] = [(data["markup"], data["content"])]
        with transaction.atomic():
            if story is None:
                story = StoryPage(
                    slug=unique_slug(page, data["title"]),
                    live=False,
                    owner=request.user,
                    submitted_by=request.user,
                    submitted_at=timezone.now(),
                    **fields,
                )
                page.add_child(instance=story)
            else:
                for key, value in fields.items():
                    setattr(story, key, value)
                if not story.live:  # a live story's row is what visitors see: it changes on approval only
                    story.save()
            story.save_revision(user=request.user, log_action=True)
            review.submit(story, request.user)
            notifications.submitted(story, new=pk is None)
        messages.success(request, "Thank you: your story is with the moderators. You will hear from them by email.")
        return redirect(page.url + "mine/")
    return page.render(
        request,
        template="successstories/form.html",
        context_overrides={
            "form": form,
            "story": story,
            "heading": f"Edit “{story.title}”" if story else "Submit a success story",
        },
    )


def mine(request, page):
    """The signed-in user's stories and where each stands (with the moderators' comment)."""
    if not request.user.is_authenticated:
        return login_required(request)
    stories = list(story_model().objects.filter(submitted_by=request.user).order_by("-submitted_at", "-pk"))
    states = review.open_states(stories)
    rows = [(story, *review.state_of(story, states.get(story.pk))) for story in stories]
    return page.render(request, template="successstories/mine.html", context_overrides={"rows": rows})
