"""The reports app's records."""
