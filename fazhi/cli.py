"""The `fazhi` console script: Django's management commands with fazhi's settings.

`fazhi --help` (or plain `fazhi`) lists fazhi's own commands first, then Django's.
"""

from __future__ import annotations

import os
import sys

FAZHI_APPS_PREFIX = "fazhi."


def _fazhi_help() -> str:
    from django.core.management import get_commands, load_command_class

    ours = sorted((name, app) for name, app in get_commands().items() if app.startswith(FAZHI_APPS_PREFIX))
    lines = ["用法 / usage: fazhi <命令> [选项]", "", "fazhi 命令 / fazhi commands:"]
    for name, app in ours:
        try:
            help_text = load_command_class(app, name).help.strip().splitlines()[0]
        except Exception:  # a broken command should not hide the others
            help_text = ""
        lines.append(f"  {name:<16} {help_text}")
    lines += [
        "",
        "Django 命令 / Django commands: fazhi help --commands",
        "某命令的帮助 / help on one: fazhi help <命令>",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(_fazhi_help())
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fazhi", *argv[1:]])


if __name__ == "__main__":
    main()
