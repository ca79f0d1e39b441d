from django import forms

from .money import group_thousands, parse_rupiah


class RupiahField(forms.CharField):
    """A whole number of rupiah, typed the ways people write money in Indonesia."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return group_thousands(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_rupiah(value)
