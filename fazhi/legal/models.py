"""The legal app's records."""
