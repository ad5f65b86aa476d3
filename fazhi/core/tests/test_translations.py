"""The English catalogue: every interface string translated, placeholders kept.

When a test here fails after you added or changed a Chinese string, update the catalogue:

    DJANGO_SETTINGS_MODULE=fazhi.settings .venv/bin/python manage.py makemessages -l en \\
        --ignore=.venv --ignore=var --ignore='*/tests/*' --ignore=fazhi/testing --no-obsolete

then translate the new entries in locale/en/LC_MESSAGES/django.po (and drop their `fuzzy` flag).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation.template import templatize

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
SOURCE = Path(settings.BASE_DIR) / "fazhi"
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]")

# gettext functions as makemessages (xgettext) knows them: name -> index of msgid, of plural
SINGULAR = {"_": 0, "gettext": 0, "gettext_lazy": 0, "gettext_noop": 0, "pgettext": 1}
SINGULAR |= {"pgettext_lazy": 1}
PLURAL = {"ngettext": (0, 1), "ngettext_lazy": (0, 1), "npgettext": (1, 2), "npgettext_lazy": (1, 2)}
LITERAL = r"u?(?:'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
TEMPLATE_CALL = re.compile(rf"\b(_|gettext|ngettext|pgettext|npgettext)\(\s*((?:{LITERAL}\s*,?\s*)+)")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def _is_ignored(path: Path) -> bool:
    parts = path.relative_to(SOURCE).parts
    return "tests" in parts or parts[0] == "testing"


def _python_msgids(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # xgettext does not look inside f-strings, so makemessages cannot extract calls there
    in_fstrings = {id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in in_fstrings:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        positions = (SINGULAR[name],) if name in SINGULAR else PLURAL.get(name, ())
        for i in positions:
            if i < len(node.args):
                arg = node.args[i]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    found.add(arg.value)
    return found


def _template_msgids(path: Path) -> set[str]:
    found = set()
    for call in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
        literals = [ast.literal_eval(s) for s in re.findall(LITERAL, call[2])]
        if call[1].startswith("p") or call[1].startswith("np"):
            literals = literals[1:]  # the first literal is the context
        # {% translate "…" %} doubles a literal % (and so does the catalogue entry); the
        # lookup below accepts either form
        found.update(s for s in literals if s)
    return found


def _source_msgids() -> set[str]:
    found: set[str] = set()
    for path in sorted(SOURCE.rglob("*")):
        if not path.is_file() or _is_ignored(path):
            continue
        if path.suffix == ".py":
            found |= _python_msgids(path)
        elif path.suffix in {".html", ".txt"}:
            found |= _template_msgids(path)
    return found


def test_it_translates_every_entry_of_the_catalogue():
    # given: the English catalogue
    catalogue = _catalogue()
    # when: looking for entries a user would see in Chinese in the English interface
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    # then
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy (a guessed translation to check): {fuzzy}"
    assert catalogue.percent_translated() == 100


def test_it_keeps_the_placeholders_of_every_entry():
    # given: the English catalogue
    catalogue = _catalogue()
    # when: comparing the %(name)s placeholders of each source string and its translation
    broken = []
    for entry in catalogue.translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        for text in translations:
            if set(PLACEHOLDER.findall(text)) != wanted:
                broken.append((entry.msgid, text))
    # then: formatting the English text cannot raise KeyError or leave a placeholder out
    assert broken == []


def test_it_has_an_entry_for_every_string_in_the_source():
    # given: the strings marked for translation in the code and templates
    source = _source_msgids()
    # when: looking them up in the catalogue
    entries = [e for e in _catalogue() if not e.obsolete]
    catalogue = {e.msgid for e in entries} | {e.msgid_plural for e in entries if e.msgid_plural}
    missing = sorted(s for s in source if s not in catalogue and s.replace("%%", "%") not in catalogue)
    # then: a new Chinese string without an English entry fails here (see the module docstring)
    assert missing == [], f"not in the English catalogue, run makemessages and translate: {missing}"
