"""The petitions fixtures (`fazhi.petitions.testing`), for this app's tests."""

from fazhi.petitions.testing import make_matter, walker  # noqa: F401
