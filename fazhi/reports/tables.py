"""The tables of the 政府信息公开工作年度报告 as the national template lays them out (国办公开办函
〔2021〕30号, DOMAIN.md 5(a)): 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况 and
四、政府信息公开行政复议、行政诉讼情况. Each cell is a text or a registered figure of the
disclosure app (`fazhi.disclosure.metrics`, coded by table, row and column), so that the report's
tables are filled, frozen and opened to their records as every other figure of a report.

A table is declarative: rows of `Cell`s with spans (as in HTML); `layout` places them on the grid.
A report's section whose `key` names a table here is followed by that table (fazhi.reports.compose).
The widths of each table add up to the 156 mm text block of GB/T 9704-2012.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fazhi.core.documents import TEXT_WIDTH_MM


@dataclass(frozen=True)
class Cell:
    text: str = ""
    code: str = ""  # a figure whose value for the report's year fills the cell
    colspan: int = 1
    rowspan: int = 1
    head: bool = False


@dataclass(frozen=True)
class TableTemplate:
    key: str
    widths_mm: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]
    size_pt: float = 10.5  # 五号: the template's tables at 3号 would not fit 156 mm

    @property
    def codes(self) -> list[str]:
        return [c.code for row in self.rows for c in row if c.code]


def layout(rows) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell, skipping the positions a span above or left covers."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for i, row in enumerate(rows):
        j = 0
        for cell in row:
            while (i, j) in taken:
                j += 1
            placed.append((i, j, cell))
            for di in range(cell.rowspan):
                for dj in range(cell.colspan):
                    taken.add((i + di, j + dj))
            j += cell.colspan
    return placed


def _head(text, colspan=1, rowspan=1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, head=True)


# --- 二、主动公开政府信息情况 -------------------------------------------------------------------------


def _table_two() -> TableTemplate:
    from fazhi.disclosure import metrics as d

    legal = {key: d.first_registered(codes) for key, codes in d.NORMATIVE_CODES.items()}
    enforcement = {key: d.first_registered(codes) for key, codes in d.ENFORCEMENT_CODES.items()}

    def value(code, colspan=1):
        return Cell("—" if not code else "", code=code or "", colspan=colspan)

    article = _head
    return TableTemplate(
        "disclosure_t2",
        (52.0, 104 / 3, 104 / 3, 104 / 3),
        (
            (article(_("第二十条第（一）项"), colspan=4),),
            (
                _head(_("信息内容")),
                _head(_("本年制发件数")),
                _head(_("本年废止件数")),
                _head(_("现行有效件数")),
            ),
            # A township government makes no 规章 (立法法 第九十三条: 省、设区的市人民政府).
            (Cell(_("规章")), Cell("0"), Cell("0"), Cell("0")),
            (
                Cell(_("行政规范性文件")),
                value(legal["made"]),
                value(legal["repealed"]),
                value(legal["in_force"]),
            ),
            (article(_("第二十条第（五）项"), colspan=4),),
            (_head(_("信息内容")), _head(_("本年处理决定数量"), colspan=3)),
            (Cell(_("行政许可")), value("disclosure.t2.permits", colspan=3)),
            (article(_("第二十条第（六）项"), colspan=4),),
            (_head(_("信息内容")), _head(_("本年处理决定数量"), colspan=3)),
            (
                Cell(_("行政处罚")),
                value(enforcement["punishments"] or "disclosure.t2.punishments_entered", colspan=3),
            ),
            (
                Cell(_("行政强制")),
                value(enforcement["compulsions"] or "disclosure.t2.compulsions_entered", colspan=3),
            ),
            (article(_("第二十条第（八）项"), colspan=4),),
            (_head(_("信息内容")), _head(_("本年收费金额（单位：万元）"), colspan=3)),
            (Cell(_("行政事业性收费")), value("disclosure.t2.fees", colspan=3)),
        ),
    )


# --- 三、收到和处理政府信息公开申请情况 ---------------------------------------------------------------


def _table_three() -> TableTemplate:
    from fazhi.disclosure import metrics as d
    from fazhi.disclosure.models import Outcome

    columns = [column for column, _label, _types in d.COLUMNS]

    def values(row):
        return tuple(Cell(code=d.t3(row, column)) for column in columns)

    rows = [
        (
            _head(
                _("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
                colspan=2,
                rowspan=3,
            ),
            _head(_("申请人情况"), colspan=7),
        ),
        (_head(_("自然人"), rowspan=2), _head(_("法人或其他组织"), colspan=5), _head(_("总计"), rowspan=2)),
        tuple(_head(str(label)) for _c, label, _t in d.COLUMNS[1:6]),
        (Cell(_("一、本年新收政府信息公开申请数量"), colspan=2), *values("1")),
        (Cell(_("二、上年结转政府信息公开申请数量"), colspan=2), *values("2")),
    ]
    outcomes = list(Outcome)
    for i, outcome in enumerate(outcomes):
        label = Cell(str(outcome.label))
        row = values(d._row_code(outcome.value))
        if i == 0:
            rows.append((Cell(_("三、本年度办理结果"), rowspan=len(outcomes) + 1), label, *row))
        else:
            rows.append((label, *row))
    rows.append((Cell(_("（七）总计")), *values("3_7")))
    rows.append((Cell(_("四、结转下年度继续办理"), colspan=2), *values("4")))
    label_a, label_b = 18.0, 40.0
    return TableTemplate(
        "disclosure_t3",
        (label_a, label_b, *[(TEXT_WIDTH_MM - label_a - label_b) / 7] * 7),
        tuple(rows),
        size_pt=9,  # 小五: nine columns on 156 mm
    )


# --- 四、政府信息公开行政复议、行政诉讼情况 -------------------------------------------------------------


def _table_four() -> TableTemplate:
    from fazhi.disclosure import metrics as d

    results = [str(label) for _result, label in d.T4_RESULTS]
    return TableTemplate(
        "disclosure_t4",
        tuple([TEXT_WIDTH_MM / 15] * 15),
        (
            (_head(_("行政复议"), colspan=5), _head(_("行政诉讼"), colspan=10)),
            (
                *[_head(label, rowspan=2) for label in results],
                _head(_("未经复议直接起诉"), colspan=5),
                _head(_("复议后起诉"), colspan=5),
            ),
            tuple(_head(label) for label in results * 2),
            tuple(Cell(code=d.t4(n)) for n in range(1, 16)),
        ),
        size_pt=9,
    )


def tables() -> dict[str, TableTemplate]:
    """The template's tables by section key (built on each use: the labels follow the active
    language, the figures the registry as loaded)."""
    return {t.key: t for t in (_table_two(), _table_three(), _table_four())}


def get(key: str) -> TableTemplate | None:
    if not key.startswith("disclosure_t"):
        return None
    return tables().get(key)


# The 勾稽 check of table 三 (本年新收 + 上年结转 = 办理结果总计 + 结转下年度), as the disclosure app
# registers it: both figures 0 when the table adds up, else they open the requests that break it.
def balance_codes() -> tuple[str, str]:
    from fazhi.disclosure import metrics as d

    return d.CHECK_OPEN, d.CHECK_LATE


def balance_parts() -> tuple[tuple[str, str], tuple[str, str]]:
    """((一, 二), (三（七）, 四)): the totals column of the four rows the check adds."""
    from fazhi.disclosure import metrics as d

    return (d.t3("1"), d.t3("2")), (d.t3("3_7"), d.t3("4"))
