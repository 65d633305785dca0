"""Words the pages take from Django and its installed apps rather than from this project's catalogue."""

from __future__ import annotations

from django import forms
from django.utils import translation


def required_message(language: str = "zh-hans") -> str:
    """The "field is required" message as a page shows it: which installed app's catalogue wins (Django's own or
    Django REST framework's) is Django's business, not the test's."""
    with translation.override(language):
        return str(forms.Field.default_error_messages["required"])
