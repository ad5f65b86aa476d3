"""The mediation fixtures (`fazhi.mediation.testing`), for this app's tests."""

from fazhi.mediation.testing import make_dispute, med, walker  # noqa: F401
