"""The disclosure app's records."""
