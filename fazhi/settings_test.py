"""Test settings: fazhi's settings plus a tiny sample app used to test core's mechanisms."""

from fazhi.settings import *  # noqa: F403
from fazhi.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "fazhi.testing.sample"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
AXES_ENABLED = False
