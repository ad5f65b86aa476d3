"""The enforcement documents as they print: rendered by LibreOffice, their body keeps the
GB/T 9704 grid of 28 characters a line and 22 lines a page — the decision, the advance notice,
the 催告书 (行政强制法 第三十五条) and the 先行登记保存通知书 (行政处罚法 第五十六条)."""

from __future__ import annotations

import pytest

from fazhi.core.tests.test_documents_render import (
    assert_full,
    full_lines,
    lines_on,
    render,
    requires_libreoffice,
)
from fazhi.enforcement import documents

pytestmark = requires_libreoffice


@pytest.fixture(scope="module")
def _rendered_cache() -> dict:
    return {}


@pytest.fixture
def rendered(decided_case, _rendered_cache, tmp_path_factory):
    """The documents of 石鼓执罚〔2021〕19号, rendered in one LibreOffice run for the module."""
    if not _rendered_cache:
        import datetime as dt

        decided_case.reminded_on = dt.date(2021, 10, 12)
        decided_case.preserved_on = dt.date(2021, 9, 7)
        decided_case.preservation_items = (
            "采砂船一艘（船号湘潭采0012，停放于涓水河歇马村段河岸），抽砂泵两台，现场堆放河砂约三十立方米。"
        )
        docs = {
            "decision": documents.decision(decided_case),
            "notice": documents.advance_notice(decided_case),
            "reminder": documents.reminder(decided_case),
            "preservation": documents.preservation_notice(decided_case),
        }
        _rendered_cache.update(render(docs, tmp_path_factory.mktemp("render")))
    return _rendered_cache


@pytest.mark.parametrize("name", ["decision", "notice", "reminder", "preservation"])
def test_it_sets_28_characters_on_every_full_line(rendered, name):
    # when
    lines = full_lines(rendered[name])
    # then: no line holds more than 28 characters (a closing mark may hang in the margin), and
    # each breaks where the next character would not fit (or the next number, or a character
    # with a mark that may not open a line): lines with digits, narrower than characters and
    # spaced from them, end up to a character short
    assert len(lines) >= 6
    for line_width, line, following in lines:
        assert_full(line_width, line, following)
    assert 28 in {line_width for line_width, _line, _next in lines}


@pytest.mark.parametrize("name", ["decision", "notice", "reminder", "preservation"])
def test_it_sets_at_most_22_lines_a_page(rendered, name):
    # when
    pages = rendered[name].pages
    # then: 22 lines at most; a page before the last ends early only where a heading goes with
    # its text or a paragraph keeps two lines together (widow and orphan control)
    assert all(lines_on(page) <= 22 for page in pages)
    assert all(lines_on(page) >= 22 - 3 for page in pages[:-1])


def test_it_prints_the_decision_on_three_pages(rendered):
    # then: some 60 lines (it took 4 pages at 14 characters a line)
    assert len(rendered["decision"].pages) == 3
