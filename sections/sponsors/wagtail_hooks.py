"""The sponsors' admin: one "Sponsors" menu with the catalogue (programmes, packages,
benefits with their features, legal clauses, the year's cloning), the sponsors with their
contacts, the sponsorships and their contracts with the staff workflow, and the assets."""

# --- Catalogue and sponsors ------------------------------------------------------------------


# --- Sponsorships, contracts and assets: the staff workflow ---------------------------------


# --- The menu --------------------------------------------------------------------------------
