"""Test settings: fazhi's settings plus a tiny sample app used to test core's mechanisms."""

from fazhi.settings import *  # noqa: F403
from fazhi.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "fazhi.testing.sample"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
AXES_ENABLED = False
# Anchors only when a test asks for one (fazhi/core/tests/test_ledger_anchors.py), so that no
# transactional test finds an anchor entry it did not write.
LEDGER_ANCHOR_SECONDS = 0

# Every deadline computation checks the holiday calendar for changes (tests change it directly).
CALENDAR_RECHECK_SECONDS = 0

# each test process its own memory cache (rate limits and challenges do not leak between workers)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
