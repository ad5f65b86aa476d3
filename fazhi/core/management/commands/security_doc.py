"""`fazhi security_doc`: write docs/security.md from the authorization tables of every
installed app (fazhi/<app>/tests/matrix.py); `--check` only says whether it is up to date."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

DOC = Path(__file__).resolve().parents[4] / "docs" / "security.md"


def render() -> str:
    from fazhi.testing.matrix import installed_tables, render_markdown

    return render_markdown(installed_tables())


class Command(BaseCommand):
    help = "Write docs/security.md from the authorization matrix tables (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if docs/security.md is stale")

    def handle(self, *args, check=False, **options):
        try:
            text = render()
        except ImportError as error:  # the tables live in the test packages (pytest)
            raise CommandError(f"the matrix tables need the test dependencies: {error}") from error
        if check:
            if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
                raise CommandError(f"{DOC} is stale: run `fazhi security_doc`")
            self.stdout.write("docs/security.md is up to date")
            return
        DOC.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {DOC}")
