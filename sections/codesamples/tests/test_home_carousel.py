"""The home page's code carousel (and section list): its query count stays flat as they grow."""

import pytest

from sections.codesamples.factories import CodeSampleFactory
from sections.codesamples.models import CodeSample
from sections.pages.factories import SectionPageFactory


def fill_home(home_page, count):
    for index in range(count):
        CodeSampleFactory(  # published, with its revision
            title=f"Sample {index}",
            code="<pre><code>x = 1</code></pre>",
            copy=f"<h1>Sample {index}</h1>",
            sort_order=index,
        )
        SectionPageFactory(parent=home_page, title=f"Section {index}", slug=f"section-{index}")


def count_home_queries(client, count_queries):
    client.get("/")  # warm per-process caches (content types, site root paths)
    return count_queries("/"), client.get("/").content.decode()


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_its_lists(client, home_page, count_queries):
    fill_home(home_page, 5)
    small, html = count_home_queries(client, count_queries)
    assert all(f"Sample {index}" in html for index in range(5))
    CodeSample.objects.all().delete()
    for page in home_page.get_children():
        page.delete()
    fill_home(home_page, 50)
    large, html = count_home_queries(client, count_queries)
    assert all(f"Sample {index}" in html for index in range(50))
    assert small == large, f"home page used {small} queries with 5 items and {large} with 50"
