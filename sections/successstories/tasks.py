"""No periodic work of its own: the outbox sends the mail, and scheduled stories go live
through Wagtail's scheduled publishing (`manage.py publish_scheduled`), which the site runs
for every page type (docs/sections/successstories.md)."""
