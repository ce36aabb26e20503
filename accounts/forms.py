"""Account forms: the one question sign-up asks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountType

ACCOUNT_TYPE_CHOICES = [
    (AccountType.SEEKER, _("I'm looking for work in China")),
    (AccountType.EMPLOYER, _("I'm hiring")),
]


class AccountTypeForm(forms.Form):
    """Extra sign-up field; allauth calls `signup()` after creating the user."""

    account_type = forms.ChoiceField(
        label=_("What brings you here?"),
        choices=ACCOUNT_TYPE_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def signup(self, request, user) -> None:
        user.account_type = self.cleaned_data["account_type"]
        user.save(update_fields=["account_type"])
