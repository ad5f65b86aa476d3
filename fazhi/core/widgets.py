"""Form widgets shared by every app."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """A native date picker. Browsers only accept ISO dates (YYYY-MM-DD) in <input type=date>,
    whatever the page's language, so the value is always rendered that way."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
