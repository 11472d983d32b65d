"""The community section has no API: python.org's v1 and v2 APIs expose no community posts."""
