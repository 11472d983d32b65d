"""The public API (python.org's v1 and v2 contracts): see docs/sections/downloads.md."""

urlpatterns = []
