"""The public pages of the PSF records: what each shows, the date ⇄ slug rule of board minutes,
and the roster's filters (bad input included: never a 500)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sections.pages.pages import SectionPage
from sections.psf.factories import FellowFactory, FellowsRosterPageFactory, MinutesPageFactory, WorkGroupPageFactory
from sections.psf.models import Fellow
from sections.psf.pages import FellowsRosterPage, MinutesPage, RecordsPage, WorkGroupIndexPage, WorkGroupMember

pytestmark = pytest.mark.django_db


def test_index_pages_can_be_added_under_psf_once(psf):
    for model in (RecordsPage, WorkGroupIndexPage, FellowsRosterPage):
        assert model.can_create_at(psf), model
    FellowsRosterPageFactory(parent=psf)
    assert not FellowsRosterPage.can_create_at(psf)  # one roster
    assert MinutesPage not in SectionPage.allowed_subpage_models()


def test_records_pages_list_their_children(client, minutes_index):
    response = client.get("/psf/records/")
    assert response.status_code == 200
    assert b'href="/psf/records/board/"' in response.content
    assert b'href="/psf/records/board/minutes/"' in client.get("/psf/records/board/").content


def test_minutes_index_groups_published_minutes_by_year_newest_first(client, minutes_index):
    MinutesPageFactory(parent=minutes_index, date=date(2023, 5, 1))
    MinutesPageFactory(parent=minutes_index, date=date(2024, 2, 7))
    MinutesPageFactory(parent=minutes_index, date=date(2024, 9, 4))
    draft = MinutesPageFactory(parent=minutes_index, date=date(2024, 10, 2))
    draft.unpublish()
    html = client.get("/psf/records/board/minutes/").content.decode()
    assert html.index('id="minutes-2024"') < html.index('id="minutes-2023"')
    assert html.index("/2024-09-04/") < html.index("/2024-02-07/") < html.index("/2023-05-01/")
    assert "/2024-10-02/" not in html  # unpublished
    assert 'href="#minutes-2024">2024</a> (2)' in html


def test_minutes_page_renders_sanitised_markdown(client, minutes_index):
    MinutesPageFactory(parent=minutes_index, date=date(2024, 1, 10), content="## Votes\n\n<script>x()</script>*yes*")
    response = client.get("/psf/records/board/minutes/2024-01-10/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h2" in content and "<em>yes</em>" in content and "<script>x()" not in content
    assert "Wednesday, January 10, 2024" in content
    assert client.get("/psf/records/board/minutes/2024-01-11/").status_code == 404


def test_minutes_slug_and_title_come_from_the_date(minutes_index):
    page = MinutesPage(date=date(2022, 3, 9), content="Met.", slug="whatever", title="")
    minutes_index.add_child(instance=page)
    page.refresh_from_db()
    assert page.slug == "2022-03-09" and page.title == "Board minutes, March 9, 2022"
    assert page.url == "/psf/records/board/minutes/2022-03-09/"
    page.date = date(2022, 3, 10)
    page.save()
    assert page.url_path.endswith("/2022-03-10/")


def test_two_minutes_on_the_same_date_are_refused_with_a_clear_message(minutes_index):
    MinutesPageFactory(parent=minutes_index, date=date(2024, 1, 10))
    with pytest.raises(ValidationError) as error:
        minutes_index.add_child(instance=MinutesPage(date=date(2024, 1, 10), content="Again."))
    assert "The minutes of 2024-01-10 exist already" in str(error.value.message_dict["date"])
    assert MinutesPage.objects.filter(date=date(2024, 1, 10)).count() == 1


def test_admin_refuses_a_second_minutes_of_a_date_on_the_date_field(client, minutes_index, users):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    MinutesPageFactory(parent=minutes_index, date=date(2024, 1, 10))
    client.force_login(users["superuser"])
    data = nested_form_data(
        {"title": "", "slug": "", "date": "2024-01-10", "content": "Again.", "comments": inline_formset([])}
    )
    response = client.post(f"/admin/pages/add/psf/minutespage/{minutes_index.pk}/", data)
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["form"].errors
    assert "exist already" in errors["date"][0] and "slug" not in errors
    assert MinutesPage.objects.filter(date=date(2024, 1, 10)).count() == 1
    # Another date: title and slug are made from it.
    response = client.post(f"/admin/pages/add/psf/minutespage/{minutes_index.pk}/", {**data, "date": "2024-02-14"})
    assert response.status_code == 302
    page = MinutesPage.objects.get(date=date(2024, 2, 14))
    assert (page.slug, page.title) == ("2024-02-14", "Board minutes, February 14, 2024")


def test_work_groups_list_active_then_former_with_members_and_url(client, workgroups):
    active = WorkGroupPageFactory(parent=workgroups, title="Grants Work Group", website="https://example.org/grants/")
    WorkGroupMember.objects.create(page=active, name="Ada Lovelace")
    WorkGroupMember.objects.create(page=active, name="Grace Hopper")
    WorkGroupPageFactory(parent=workgroups, title="Marketing Work Group", active=False, purpose="Brochures.")
    html = client.get("/psf/workgroups/").content.decode()
    assert html.index("Active work groups") < html.index("Grants Work Group") < html.index("Former work groups")
    assert html.index("Former work groups") < html.index("Marketing Work Group")
    assert "Ada Lovelace, Grace Hopper" in html and 'href="https://example.org/grants/"' in html
    detail = client.get(active.url).content.decode()
    assert "<li>Ada Lovelace</li>" in detail and "Active" in detail


def test_roster_lists_fellows_by_year_with_status_and_filters(client, roster):
    FellowFactory(name="Ann Active", year_elected=2024)
    FellowFactory(name="Ed Emeritus", year_elected=2002, status=Fellow.Status.EMERITUS, emeritus_year=2010)
    FellowFactory(name="Dee Deceased", year_elected=2002, status=Fellow.Status.DECEASED)
    html = client.get("/psf/fellows-roster/").content.decode()
    assert html.index("Elected in 2024") < html.index("Ann Active") < html.index("Elected in 2002")
    assert "Emeritus since 2010" in html and "Deceased" in html
    assert "3 Fellows: 1 active, 1 emeritus, 1 deceased." in html
    html = client.get("/psf/fellows-roster/?status=emeritus").content.decode()
    assert "Ed Emeritus" in html and "Ann Active" not in html and "Dee Deceased" not in html
    html = client.get("/psf/fellows-roster/?year=2002&q=dee").content.decode()
    assert "Dee Deceased" in html and "Ed Emeritus" not in html and "1 Fellow matches" in html


@pytest.mark.parametrize(
    "query", ["?year=abc", "?year=1999", "?status=boss", "?q=" + "x" * 500, "?year=2024&year=2002", "?q=%F0%9F%90%8D"]
)
def test_roster_ignores_invalid_filters(client, roster, query):
    FellowFactory(name="Ann Active", year_elected=2024)
    response = client.get("/psf/fellows-roster/" + query)
    assert response.status_code == 200


def test_fellow_emeritus_year_rules():
    with pytest.raises(ValidationError):
        Fellow(name="A", year_elected=2010, status="active", emeritus_year=2012).full_clean()
    with pytest.raises(ValidationError):
        Fellow(name="A", year_elected=2010, status="emeritus", emeritus_year=2005).full_clean()
    with pytest.raises(ValidationError):
        Fellow(name="A", year_elected=1990).full_clean()
    Fellow(name="A", year_elected=2010, status="emeritus", emeritus_year=2012).full_clean()
