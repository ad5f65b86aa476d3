"""The disclosure fixtures (`fazhi.disclosure.testing`), for this app's tests."""

from fazhi.disclosure.testing import disc, make_request, walker  # noqa: F401
