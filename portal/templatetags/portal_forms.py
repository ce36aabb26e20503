"""Template helpers that render Django form fields with Bootstrap classes."""

from django import forms, template

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def is_check(field) -> bool:
    """True for checkboxes and radio lists, which Bootstrap lays out differently."""
    return isinstance(field.field.widget, _CHECK_WIDGETS)


@register.filter
def bs_widget(field):
    """Render a bound field's widget with Bootstrap's classes (invalid state too)."""
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxInput,)):
        css = "form-check-input"
    elif isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        css = ""
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors and css:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    attrs = {"class": f"{existing} {css}".strip()} if css else {}
    return field.as_widget(attrs=attrs)
