"""`fazhi workflows_doc`: write docs/workflows.md, the step × role table of every installed
app's workflows (`<app>/workflow.py`'s WORKFLOWS); `--check` only says whether it is up to date."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.workflow import render_doc

DOC = Path(__file__).resolve().parents[4] / "docs" / "workflows.md"


class Command(BaseCommand):
    help = "Write docs/workflows.md from the workflow declarations (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if docs/workflows.md is stale")

    def handle(self, *args, check=False, **options):
        text = render_doc()
        if check:
            if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
                raise CommandError(f"{DOC} is stale: run `fazhi workflows_doc`")
            self.stdout.write("docs/workflows.md is up to date")
            return
        DOC.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {DOC}")
