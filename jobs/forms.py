"""Forms of the jobs app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OfferForm(forms.Form):
    """A role's terms, for a work-permit estimate before any role is posted."""

    salary_cny_annual = forms.IntegerField(
        label=_("Salary (CNY per year)"), min_value=1, max_value=100_000_000
    )
    city = forms.CharField(label=_("City in China"), max_length=100)
    months_per_year_in_china = forms.IntegerField(
        label=_("Months per year in China"), min_value=1, max_value=12, initial=12
    )
    inviting_unit = forms.BooleanField(
        label=_("The employer will issue an invitation (needed for the R visa)"),
        required=False,
    )
