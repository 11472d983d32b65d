"""Views of the sponsors section: the public sponsors pages and the application (sponsors),
and the sponsor contacts' dashboard under /users/sponsorships/ (user_urls.py). The staff
workflow is in the Wagtail admin (wagtail_hooks.py)."""

# --- Application and public pages ----------------------------------------------------------


# --- Sponsors' dashboard -------------------------------------------------------------------
