"""The petitions app's records."""
