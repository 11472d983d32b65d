"""The PSF records have no API resource: python.org has none for them, and the board minutes
have their RSS feed (`MinutesIndexPage`'s feed/ route)."""
