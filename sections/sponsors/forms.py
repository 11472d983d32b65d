"""Forms of the sponsors section."""

# --- Application (and the sponsor's details, also edited from the dashboard) ---------------


# --- Sponsors' dashboard: assets ----------------------------------------------------------
