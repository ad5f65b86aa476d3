"""The education app's records."""
