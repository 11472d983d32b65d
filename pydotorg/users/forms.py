"""The sign-in and sign-up forms (allauth's, with clearer labels: ACCOUNT_FORMS) and the
profile pages' forms."""

from allauth.account import forms as allauth_forms
from django import forms
from django.core.validators import MaxLengthValidator, URLValidator

from .models import User

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


MAX_LINKS = 5
link_validator = URLValidator(schemes=["http", "https"])


class ProfileForm(forms.ModelForm):
    """/users/edit/: the owner's profile and privacy choices."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "location", "bio", "links", "public_profile", "email_public", "searchable"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 8}), "links": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        for name in ("first_name", "last_name", "location"):
            if any(char in cleaned.get(name, "") for char in "<>"):
                self.add_error(name, "Plain text only: no < or >.")
        return cleaned

    def clean_links(self):
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(links) > MAX_LINKS:
            raise forms.ValidationError(f"At most {MAX_LINKS} addresses.")
        for link in links:
            try:
                link_validator(link)
            except forms.ValidationError:
                raise forms.ValidationError(f"“{link[:100]}” is not an http(s) address.") from None
        return "\n".join(links)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account is deleted for good.",
        required=True,
    )


class CredentialsForm(forms.Form):
    action = forms.ChoiceField(choices=[("rotate", "Issue new credentials"), ("revoke", "Revoke")])
