from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from .validators import validate_no_control_characters


class PlainTextField(forms.CharField):
    """A line a person types (a name, a function): every control character is refused,
    with one French message (Django's CharField refuses NUL only, with a message of its own)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(validate_no_control_characters)
