"""A demo or production installation has no test tools (`make demo` installs the package only,
not its `test` extra): nothing the demo, the server or a command imports may need pytest.

Found on a fresh clone: the petitions demo took its step input from the app's test fixtures,
which import pytest, and `make demo` stopped with ModuleNotFoundError."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = r"""
import importlib, pkgutil, sys
for tool in ("pytest", "pytest_django", "playwright", "hypothesis", "schemathesis"):
    sys.modules[tool] = None  # importing it raises ImportError, as on a machine without it
import django
django.setup()
from django.apps import apps
from django.urls import get_resolver
get_resolver().url_patterns  # every URL module and the views behind them
for app in apps.get_app_configs():
    if not app.name.startswith("fazhi."):
        continue
    for name in ("demo", "metrics", "homes", "public", "api", "imports"):
        try:
            importlib.import_module(f"{app.name}.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"{app.name}.{name}":
                raise
    commands = f"{app.name}.management.commands"
    try:
        package = importlib.import_module(commands)
    except ModuleNotFoundError:
        continue
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{commands}.{info.name}")
print("ok")
"""


def test_the_demo_server_and_commands_import_without_any_test_tool():
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "fazhi.settings"},
        timeout=300,
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]
