"""Success stories have no API of their own: python.org's v1/v2 contracts do not include them."""
