"""The news section has no API of its own: python.org's API has no blog resource."""
