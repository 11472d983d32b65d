"""The sign-in and sign-up forms: allauth's, with clearer labels (ACCOUNT_FORMS)."""

from allauth.account import forms as allauth_forms
from django.core.validators import MaxLengthValidator

# Longest accepted login: an email address (a username is at most 150 characters).
LOGIN_MAX_LENGTH = 254


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Username or email"
        login.max_length = LOGIN_MAX_LENGTH
        login.validators.append(MaxLengthValidator(LOGIN_MAX_LENGTH))
        login.widget.attrs.update(
            {"autocomplete": "username", "maxlength": str(LOGIN_MAX_LENGTH), "autocapitalize": "none"}
        )
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this computer"


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "username" in self.fields:
            username = self.fields["username"]
            username.help_text = (
                "Up to 150 letters, digits and @ . + - _ characters. "
                "Not case-sensitive: “Guido” and “guido” are the same name."
            )
            username.widget.attrs["autocapitalize"] = "none"
        if "email" in self.fields:
            self.fields["email"].help_text = "We will send a link to this address to confirm it."
            self.fields["email"].widget.attrs["maxlength"] = "254"
