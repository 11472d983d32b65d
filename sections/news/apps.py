from pydotorg.core import sections


class NewsConfig(sections.SectionConfig):
    name = "sections.news"
    label = "news"
    verbose_name = "News"
