"""Demo: one member with a public profile, so /users/<username>/ has something to show
(/users/ada/). The account has no usable password: nobody signs in as it."""

from django.contrib.auth import get_user_model

DEMO_ORDER = 40  # after the core (30), before the sections that give users things (50+)
PROFILE = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.com",
    "location": "London",
    "bio": "Writes *analytical engines* in Python.\n\n- Notes on the engine\n- Bernoulli numbers",
    "links": "https://www.python.org/psf/",
    "public_profile": True,
    "searchable": True,
}


def load_demo(command):
    user, created = get_user_model().objects.get_or_create(username="ada", defaults=PROFILE)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    command.tally("profiles", "created" if created else "present")
