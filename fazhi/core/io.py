"""Import/export machinery: an app declares a register's columns once; fazhi does the rest.

An app lists its registers in `fazhi/<app>/imports.py` as `REGISTERS = [...]`, each an instance
of a `Register` subclass naming its columns. From that one declaration fazhi

- produces the Excel template (`template`): a header row, a row of hints and examples, drop-down
  lists for choice columns, widths, and a sheet of instructions;
- exports a scoped queryset (`export`), in the same layout, so an export can be edited and
  imported back;
- validates a workbook (`validate`): every row, every cell, before anything is written; each bad
  row is reported with its Excel row number, the column's header and the reason, in Chinese;
- imports it (`run_import`): nothing is written unless every row is valid, or the user chose to
  import only the valid rows; the rows are written in one transaction, each written object is
  ledgered (source "import") and one summary entry names the file, its digest and the counts.
  A register that plans its rows (`Register.plan_row`) has them decided before that
  transaction, by reads only, and written in bulk inside it (`bulk_create`, `bulk_update`, one
  batched ledger append): the transaction, which holds SQLite's write lock, stays short
  however long the file, so other writers go on meanwhile. Other registers save row by row.

Readers of this module: the import pages (fazhi/core/views/io.py), the background task
(fazhi/core/tasks.py) and the `fazhi import` / `fazhi export` commands.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import importlib.util
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import DatabaseError, NotSupportedError, connection, models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fazhi.core import ledger
from fazhi.core.models import LedgerEntry

# Limits of one import file. A town's largest register has a few thousand rows a year.
MAX_ROWS = 50_000
MAX_FILE_MB = 20
# At most this many row errors are kept on a job and shown; the count is always complete.
MAX_REPORTED_ERRORS = 2_000

# Reading stops after this many blank rows in a row; columns past this one are not read.
BLANK_RUN = 1_000
MAX_COLUMNS = 200


def _declare_rules() -> tuple[str, str]:
    from fazhi.core import rules

    return (
        rules.declare(
            "core.import.max_rows",
            _lazy("一次导入的最多行数"),
            rules.NUMBER,
            MAX_ROWS,
            _lazy("本系统默认（防止单个文件长时间占用数据库）"),
            unit=_lazy("行"),
        ),
        rules.declare(
            "core.import.max_errors",
            _lazy("导入错误报告保存的最多条数"),
            rules.NUMBER,
            MAX_REPORTED_ERRORS,
            _lazy("本系统默认（错误总数始终完整统计）"),
            unit=_lazy("条"),
        ),
    )


MAX_ROWS_RULE, MAX_ERRORS_RULE = _declare_rules()

HEADER_ROW = 1
HINT_ROW = 2  # the template's row of hints and examples; skipped on import when left as generated
TEMPLATE_DATA_ROWS = 1_000  # rows covered by the template's drop-down lists


class ImportFileError(Exception):
    """The file as a whole cannot be read (not an .xlsx, no header row, too many rows)."""


# --- column types ---------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    """A cell as text. Codes typed without a leading apostrophe come back as numbers."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


class ColumnType:
    """Turns a cell value into a Python value, or raises ValidationError with the reason."""

    number_format = "@"  # text: Excel keeps leading zeros and long codes as typed

    def parse(self, value: Any, ctx: ImportContext) -> Any:
        return _as_text(value)

    def to_cell(self, value: Any) -> Any:
        return value

    def hint(self) -> str:
        return ""

    def choice_labels(self) -> list[str]:
        return []


class Text(ColumnType):
    def __init__(self, max_length: int | None = None, *, digits: bool = False):
        self.max_length = max_length
        self.digits = digits

    def parse(self, value, ctx):
        text = _as_text(value)
        if self.digits and not text.isdigit():
            raise ValidationError(_("应为数字（“%(value)s”含其他字符）") % {"value": text})
        if self.max_length and len(text) > self.max_length:
            raise ValidationError(
                _("不能超过%(n)s个字符（现有%(m)s个）") % {"n": self.max_length, "m": len(text)}
            )
        return text

    def hint(self):
        return _("数字") if self.digits else ""


class Integer(ColumnType):
    number_format = "0"

    def __init__(self, min_value: int | None = 0, max_value: int | None = None):
        self.min_value = min_value
        self.max_value = max_value

    def parse(self, value, ctx):
        if isinstance(value, bool):
            raise ValidationError(_("应为整数"))
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            text = _as_text(value).replace(",", "").replace("，", "")
            if not re.fullmatch(r"[-+]?\d+", text):
                raise ValidationError(_("应为整数（“%(value)s”不是整数）") % {"value": _as_text(value)})
            number = int(text)
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(_("不能小于%(n)s") % {"n": self.min_value})
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(_("不能大于%(n)s") % {"n": self.max_value})
        return number

    def hint(self):
        return _("整数")


class Date(ColumnType):
    """A date. openpyxl returns datetimes for date cells; text and serial numbers are accepted too."""

    number_format = "yyyy-mm-dd"
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def parse(self, value, ctx):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2_958_466:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        text = _as_text(value)
        for fmt in self.FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValidationError(_("日期格式应为 2021-03-05（“%(value)s”无法识别）") % {"value": text})

    def hint(self):
        return _("日期，如 2021-03-05")


class Choice(ColumnType):
    """One of a fixed list, written by its Chinese label (its code and listed aliases also work)."""

    def __init__(self, choices: Iterable[tuple[str, Any]], aliases: dict[str, str] | None = None):
        self.choices = list(choices)
        self.aliases = dict(aliases or {})

    def _lookup(self) -> dict[str, str]:
        table = {}
        for value, label in self.choices:
            table[str(value)] = value
            table[str(label)] = value
        for alias, value in self.aliases.items():
            table[str(alias)] = value
        return table

    def parse(self, value, ctx):
        text = _as_text(value)
        table = self._lookup()
        if text in table:
            return table[text]
        raise ValidationError(
            _("“%(value)s”不是可选值；可选：%(options)s")
            % {"value": text, "options": "、".join(self.choice_labels())}
        )

    def to_cell(self, value):
        return next((str(label) for v, label in self.choices if v == value), value)

    def choice_labels(self):
        return [str(label) for _value, label in self.choices]

    def hint(self):
        return _("可选：%(options)s") % {"options": "、".join(self.choice_labels())}


class Ref(ColumnType):
    """A foreign key written by its natural key (e.g. a region by its division code).

    `queryset(user)` is what the importing user may refer to; a key that exists outside it is
    refused as out of scope, one that does not exist at all as unknown.
    """

    def __init__(
        self,
        model: type[models.Model] | str,
        to_field: str,
        *,
        queryset: Callable[[Any], models.QuerySet] | None = None,
        noun: str = "",
    ):
        self._model = model
        self.to_field = to_field
        self.queryset = queryset
        self.noun = noun

    @property
    def model(self) -> type[models.Model]:
        if isinstance(self._model, str):
            return apps.get_model(self._model)
        return self._model

    def parse(self, value, ctx):
        key = _as_text(value)
        cache_key = (id(self), key)
        if cache_key not in ctx.cache:
            allowed = self.queryset(ctx.user) if self.queryset else self.model._default_manager.all()
            obj = allowed.filter(**{self.to_field: key}).first()
            if obj is None:
                exists = self.model._default_manager.filter(**{self.to_field: key}).exists()
                reason = (
                    _("%(noun)s“%(key)s”不在您的管辖范围内") if exists else _("%(noun)s“%(key)s”不存在")
                ) % {"noun": self.noun or self.model._meta.verbose_name, "key": key}
                ctx.cache[cache_key] = ValidationError(reason)
            else:
                ctx.cache[cache_key] = obj
        found = ctx.cache[cache_key]
        if isinstance(found, ValidationError):
            raise found
        return found

    def to_cell(self, value):
        return getattr(value, self.to_field, value) if value is not None else None


# --- columns and registers -------------------------------------------------------------------


@dataclass
class Column:
    """One column of a register: its header in Chinese and how to read and write it.

    `field` is the key of the cleaned row (usually the model field of the same name), `source`
    the dotted attribute read on export (defaults to `field`). `validators` are Django-style
    callables that raise ValidationError (e.g. an ID-number check digit). `pii` names the kind
    of personal information (fazhi.core.pii: "id_number", "mobile", "name"): exports mask it
    for users without roles.VIEW_PII, and a masked value read back from such an export counts
    as "not given" (the field is listed in `row.extra["masked"]`; keep what is stored).
    """

    header: str
    field: str
    type: ColumnType = field(default_factory=Text)
    required: bool = False
    validators: list[Callable[[Any], None]] = field(default_factory=list)
    example: str = ""
    help: str = ""
    source: str = ""
    width: int = 0
    pii: str = ""

    def hint(self) -> str:
        parts = [_("必填") if self.required else _("选填")]
        for part in (self.type.hint(), str(self.help)):
            if part:
                parts.append(part)
        if self.example:
            parts.append(_("例：%(example)s") % {"example": self.example})
        return "；".join(parts)

    def value_of(self, obj) -> Any:
        value = obj
        for attr in (self.source or self.field).split("."):
            value = getattr(value, attr, None) if value is not None else None
        return self.type.to_cell(value)


@dataclass
class Row:
    """One data row of the workbook: its Excel row number, its raw cells and cleaned values."""

    number: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # what a register's hooks keep for saving

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class ImportContext:
    """State shared by the rows of one validation or import run."""

    register: Register
    user: Any
    cache: dict = field(default_factory=dict)  # lookups (Ref columns, hooks)
    pending: dict = field(default_factory=dict)  # valid rows' objects by natural key, for later rows
    seen: dict = field(default_factory=dict)  # natural key -> first row number (duplicates)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)  # summary lines a register adds (e.g. new accounts)


class Register:
    """An importable/exportable register. Subclass it in `fazhi/<app>/imports.py`.

    Declare `code`, `title`, `model`, `columns`, `key` (the fields naming a row, for duplicates)
    and the permissions; implement `queryset` (what the user may export, always through
    `visible_to(user)`), `clean_row` (checks needing the database or other rows; raise
    ValidationError keyed by field) and `save_row` (create or update the object); a register
    of many rows also `plan_row`, to be written in bulk.
    """

    code: str = ""
    title: str = ""
    description: str = ""
    model: type[models.Model]
    columns: list[Column] = []
    key: tuple[str, ...] = ()
    import_permission: str = ""
    export_permission: str = ""  # besides import_permission, which also allows export

    def __str__(self) -> str:
        return str(self.title)

    # permissions
    def can_import(self, user) -> bool:
        return bool(self.import_permission) and user.is_authenticated and user.can(self.import_permission)

    def can_export(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return self.can_import(user) or bool(self.export_permission and user.can(self.export_permission))

    # hooks
    def queryset(self, user) -> models.QuerySet:
        return self.model._default_manager.visible_to(user)

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        """Row-level checks after every cell parsed. Raise ValidationError to refuse the row."""

    def save_row(self, row: Row, ctx: ImportContext) -> models.Model:
        """Create or update the row's object (inside the import's transaction)."""
        obj = self.model(**row.values)
        obj.full_clean()
        obj.save()
        ctx.created += 1
        return obj

    def plan_row(self, row: Row, ctx: ImportContext) -> RowPlan | None:
        """What the valid row writes, decided before the write transaction by reads only (see
        `RowPlan`; `plan(row, obj)` makes one from the object as `save_row` would save it). `ctx`
        is the context the rows were validated with (what `clean_row` kept in it is at hand).
        None, the default: this register saves row by row (`save_row`). A register that plans
        must plan every row, and its plans must write what `save_row` writes: no model `save()`
        runs, so what one computes (a region's path, a record's region) the plan sets itself."""
        return None

    @property
    def plans_rows(self) -> bool:
        return type(self).plan_row is not Register.plan_row

    # helpers
    def column_for(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    def header_for(self, name: str) -> str:
        column = self.column_for(name)
        return str(column.header) if column else ""

    def key_of(self, row: Row) -> tuple | None:
        if not self.key or any(row.values.get(k) is None for k in self.key):
            return None
        return tuple(row.values[k] for k in self.key)


@dataclass
class RowPlan:
    """What one row writes: `obj` to create (`created`), or to update — `after` the values of
    the fields that change (attribute names: `parent_id`), `before` their values as loaded, as
    the ledger's "update" entry holds them — or nothing (an update with no field changed:
    unchanged). `loaded` is the whole object as it was read: it must still be so when the plan
    is written. Creates are written `stage` by stage, lowest first, so that an object created in
    an earlier stage is referred to by a later one (a village, then the grids under it)."""

    row: Row
    obj: models.Model
    created: bool
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    loaded: dict = field(default_factory=dict)
    stage: int = 0


def _snapshot(obj) -> dict:
    # what the post_save handler (fazhi.core.signals) records of a saved object
    data = ledger.snapshot(obj)
    for name in getattr(obj, "ledger_exclude", ()):
        data.pop(name, None)
    return data


def plan(row: Row, obj: models.Model, *, stage: int = 0) -> RowPlan:
    """The plan of writing `obj` for `row`: a create when it has no primary key, else an update
    of the fields whose values differ from those it was loaded with (the before/after the
    post_save handler would have recorded), which may be none."""
    if obj.pk is None:
        return RowPlan(row, obj, created=True, stage=stage)
    from fazhi.core.signals import before_snapshot

    loaded = before_snapshot(obj)
    before, after = ledger.diff(loaded, _snapshot(obj))
    return RowPlan(row, obj, created=False, before=before, after=after, loaded=loaded, stage=stage)


# --- the registry ---------------------------------------------------------------------------


@cache
def registers() -> dict[str, Register]:
    """Every app's registers (`REGISTERS` in fazhi/<app>/imports.py), keyed by code."""
    found: dict[str, Register] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi."):
            continue
        module_name = f"{config.name}.imports"
        if importlib.util.find_spec(module_name) is None:
            continue
        for register in getattr(importlib.import_module(module_name), "REGISTERS", []):
            if register.code in found:
                raise ImproperlyConfigured(f"two registers use the code {register.code!r}")
            found[register.code] = register
    return found


def get_register(code: str) -> Register:
    try:
        return registers()[code]
    except KeyError:
        raise LookupError(_("没有名为“%(code)s”的台账") % {"code": code}) from None


def scope_paths(user, permission: str) -> list[str]:
    """Region paths of the user's memberships whose role carries `permission`
    (fazhi.core.scoping.permission_paths: the one answer every door uses).

    Where a user may *write* through an import: a 综治办 member at the town imports the town's
    villages and grids; the system administrator, whose membership is at the county, manages
    accounts and regions of the whole county (without reading any domain record)."""
    from fazhi.core.scoping import permission_paths

    return permission_paths(user, permission)


def in_scope(path: str, paths: Iterable[str]) -> bool:
    return any(path.startswith(p) for p in paths)


# --- template and export --------------------------------------------------------------------


def _register_language(fn):
    """Registers are a data format: their headers, choice labels and hints are always in the
    default language (Simplified Chinese), whatever language the user's pages are in, so a
    workbook downloaded by one user imports for any other."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return fn(*args, **kwargs)

    return wrapper


def _sheet_title(register: Register) -> str:
    # Excel sheet titles: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "", str(register.title))[:31] or register.code


def _width(column: Column) -> int:
    def display(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    return column.width or min(60, max(display(str(column.header)) + 4, display(column.example) + 4, 12))


def _new_sheet(register: Register, with_hints: bool):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(register)
    header_fill = PatternFill("solid", fgColor="EEF1F5")
    for i, column in enumerate(register.columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=str(column.header))
        cell.font = Font(bold=True, color="B71C1C" if column.required else "1F2933")
        cell.fill = header_fill
        letter = cell.column_letter
        ws.column_dimensions[letter].width = _width(column)
        ws.column_dimensions[letter].number_format = column.type.number_format
        if with_hints:
            hint = ws.cell(row=HINT_ROW, column=i, value=column.hint())
            hint.font = Font(italic=True, color="616E7C", size=9)
            hint.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"A{(HINT_ROW if with_hints else HEADER_ROW) + 1}"  # a cell object would add a row
    return wb, ws


def _to_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@_register_language
def template(register: Register) -> bytes:
    """The register's Excel template: headers, a row of hints, drop-downs, an instructions sheet."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb, ws = _new_sheet(register, with_hints=True)
    ws.row_dimensions[HINT_ROW].height = 48
    first, last = HINT_ROW + 1, HINT_ROW + TEMPLATE_DATA_ROWS
    for i, column in enumerate(register.columns, start=1):
        labels = column.type.choice_labels()
        formula = '"' + ",".join(labels) + '"'
        if labels and len(formula) <= 255 and not any("," in label for label in labels):
            letter = ws.cell(row=HEADER_ROW, column=i).column_letter
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=not column.required,
                showErrorMessage=False,  # codes and aliases are accepted too; the import checks
            )
            validation.add(f"{letter}{first}:{letter}{last}")
            ws.add_data_validation(validation)

    notes = wb.create_sheet(_("填写说明"))
    notes.append([str(register.title)])
    notes["A1"].font = Font(bold=True, size=14)
    if register.description:
        notes.append([str(register.description)])
    notes.append(
        [
            _(
                "从第%(row)s行起每行填写一条记录；第%(hint)s行为填写提示，可保留或删除。"
                "红色列标题为必填列。导入时先校验全部行，任一行有误则不写入任何数据"
                "（除非选择“仅导入有效行”）。"
            )
            % {"row": HINT_ROW + 1, "hint": HINT_ROW}
        ]
    )
    notes.append([])
    notes.append([_("列"), _("是否必填"), _("说明"), _("示例")])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for column in register.columns:
        explanation = "；".join(p for p in (column.type.hint(), str(column.help)) if p)
        notes.append(
            [str(column.header), _("必填") if column.required else _("选填"), explanation, column.example]
        )
    for letter, width in zip("ABCD", (18, 10, 70, 24), strict=True):
        notes.column_dimensions[letter].width = width
    return _to_bytes(wb)


@_register_language
def export(register: Register, queryset: Iterable, *, full_pii=False) -> bytes:
    """The objects of `queryset` in the register's layout (the caller scopes it: `queryset(user)`).

    Personal information is masked unless `full_pii`: True, or a function of the row's object
    (the user holds VIEW_PII over that row's region)."""
    from fazhi.core import pii

    full_for = full_pii if callable(full_pii) else (lambda obj: full_pii)

    def row(obj) -> list:
        full = full_for(obj)
        return [
            pii.mask(column.pii, value) if column.pii and not full else value
            for column, value in ((c, c.value_of(obj)) for c in register.columns)
        ]

    wb, ws = _new_sheet(register, with_hints=False)
    for obj in queryset.iterator(chunk_size=2000) if hasattr(queryset, "iterator") else queryset:
        ws.append(row(obj))
    return _to_bytes(wb)


@_register_language
def export_for(register: Register, user) -> tuple[bytes, int]:
    """Export what the user may see of the register and record the export in the ledger. Each
    row's personal information is in full only where the user holds VIEW_PII over its region;
    an export with full values is also a ledgered full view of each kind it shows."""
    from fazhi.core import pii

    if not register.can_export(user):
        raise PermissionDenied(_("您的角色无权导出%(title)s") % {"title": register.title})
    queryset = register.queryset(user)
    if hasattr(queryset, "select_related") and any(f.name == "region" for f in register.model._meta.fields):
        queryset = queryset.select_related("region")
    count = (
        queryset.count() if isinstance(queryset, models.QuerySet) else len(queryset)
    )  # rows a register built
    has_pii = any(c.pii for c in register.columns)
    shown_full = []

    def full_for(obj) -> bool:
        full = has_pii and pii.may_see_full(user, obj)
        if full and not shown_full:
            shown_full.append(True)
        return full

    data = export(register, queryset, full_pii=full_for)
    ledger.record(
        "export",
        object_type=register.model._meta.label_lower,
        object_repr=_("导出%(title)s") % {"title": register.title},
        data={"register": register.code, "rows": count}
        | ({"pii": "full" if shown_full else "masked"} if has_pii else {}),
        digests=[ledger.digest(data)],
        actor=user,
    )
    if shown_full:
        pii.record_full_view(
            user,
            None,
            via="export",
            kinds=sorted({c.pii for c in register.columns if c.pii}),
            object_type=register.model._meta.label_lower,
            object_repr=_("导出%(title)s") % {"title": register.title},
            register=register.code,
        )
    return data, count


# --- reading and validating -----------------------------------------------------------------


def read_bytes(file) -> bytes:
    """Bytes of an upload, an open file, a path or bytes."""
    if isinstance(file, bytes):
        return file
    if isinstance(file, (str, Path)):
        return Path(file).read_bytes()
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read()


def load_workbook(file):
    from openpyxl import load_workbook as _load

    data = read_bytes(file)
    try:
        return _load(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ImportFileError(_("文件无法读取，请上传由模板填写的 Excel 文件（.xlsx）")) from exc


def _sheet_rows(workbook, *, max_rows: int, notes: list[str]) -> Iterator[tuple[int, tuple]]:
    """The sheet's non-blank rows as (Excel row number, values), streamed: each row cut to the
    header's width, reading stopped after BLANK_RUN blank rows in a row (a sheet formatted down to
    row 1,048,576 holds nothing more; the user is told in `notes`), and an ImportFileError past
    `max_rows` data rows. Memory stays bounded whatever the file claims."""
    ws = workbook.worksheets[0]
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some programs write a wrong <dimension>; read every row present
    width, blanks, data = None, 0, 0
    for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        filled = [i for i, v in enumerate(values) if not _is_blank(v)]
        if not filled:
            blanks += 1
            if blanks >= BLANK_RUN:
                notes.append(
                    _("第%(from)s行起连续%(n)s行为空，其后的内容未读取")
                    % {"from": number - blanks + 1, "n": blanks}
                )
                return
            continue
        blanks = 0
        if width is None:
            width = filled[-1] + 1  # the header row
        else:
            data += 1
            if data > max_rows + 1:  # the template's hint row may be among them
                raise ImportFileError(_("文件超过%(n)s行，请分批导入") % {"n": max_rows})
        yield number, tuple(values[:width])


def _error(row_number: int, column: str, message: str) -> dict:
    # a cell's text may be long (one shared string in a thousand cells): the report stays small
    return {"row": row_number, "column": str(column)[:60], "message": str(message)[:300]}


def import_limits(user) -> tuple[int, int]:
    """(rows per file, row errors kept on a job) for `user`'s import: the rules in force for the
    region of their first membership (a county or town may set their own)."""
    from fazhi.core import rules

    region = next((m.region for m in user.active_memberships), None) if user.is_authenticated else None
    return int(rules.value(MAX_ROWS_RULE, region)), int(rules.value(MAX_ERRORS_RULE, region))


def _messages(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs of a ValidationError; field is "" for row-level messages."""
    if hasattr(exc, "error_dict"):
        return [
            ("" if name == "__all__" else name, message)
            for name, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    return [("", message) for message in exc.messages]


def _map_headers(register: Register, header: tuple) -> tuple[dict[int, Column], list[dict]]:
    by_header = {str(c.header): c for c in register.columns}
    positions: dict[int, Column] = {}
    errors = []
    for index, value in enumerate(header):
        if _is_blank(value):
            continue
        text = _as_text(value).rstrip("*＊").strip()
        column = by_header.get(text)
        if column is None:
            errors.append(_error(HEADER_ROW, text, _("无法识别的列：模板中没有此列标题")))
        elif column in positions.values():
            errors.append(_error(HEADER_ROW, text, _("列标题重复")))
        else:
            positions[index] = column
    for column in register.columns:
        if column.required and column not in positions.values():
            errors.append(_error(HEADER_ROW, column.header, _("缺少必填列")))
    return positions, errors


def _is_hint_row(register: Register, positions: dict[int, Column], values: tuple) -> bool:
    cells = {i: v for i, v in enumerate(values) if not _is_blank(v)}
    return bool(cells) and all(
        i in positions and _as_text(v) == positions[i].hint() for i, v in cells.items()
    )


@_register_language
def validate(
    register: Register,
    workbook,
    user,
    *,
    progress: Callable[[int, int], None] | None = None,
    ctx: ImportContext | None = None,
    max_rows: int | None = None,
) -> tuple[list[Row], list[dict]]:
    """Check every row of the workbook. Returns (rows, errors); nothing is written.

    Each error is {"row": Excel row number, "column": header, "message": reason}. A row's key
    is remembered for duplicates even when the row is bad; only valid rows become `pending`
    objects that later rows may refer to (a grid under a village of the same file).
    """
    ctx = ctx or ImportContext(register, user)
    if not hasattr(workbook, "worksheets"):
        workbook = load_workbook(workbook)
    if max_rows is None:
        max_rows = import_limits(user)[0]
    sheet = _sheet_rows(workbook, max_rows=max_rows, notes=ctx.notes)
    first = next(sheet, None)
    if first is None:
        raise ImportFileError(_("文件是空的：第1行应为列标题"))
    header_number, header = first
    positions, errors = _map_headers(register, header)
    if errors:
        return [], errors

    data = [
        (number, values)
        for number, values in sheet
        if any(not _is_blank(values[i]) for i in positions if i < len(values))
    ]
    if data and data[0][0] == header_number + 1 and _is_hint_row(register, positions, data[0][1]):
        data = data[1:]
    total = len(data)
    if progress:
        progress(0, total)

    rows: list[Row] = []
    for done, (number, values) in enumerate(data, start=1):
        row = Row(
            number, {str(c.header): values[i] if i < len(values) else None for i, c in positions.items()}
        )
        _validate_row(register, row, positions, values, ctx)
        rows.append(row)
        errors.extend(row.errors)
        if progress:
            progress(done, total)
    return rows, errors


def _validate_row(register: Register, row: Row, positions: dict[int, Column], values: tuple, ctx) -> None:
    for i, column in positions.items():
        raw = values[i] if i < len(values) else None
        if _is_blank(raw):
            row.values[column.field] = None
            if column.required:
                row.errors.append(_error(row.number, column.header, _("必填项为空")))
            continue
        if column.pii and "*" in _as_text(raw):  # masked on export: keep what is stored
            row.values[column.field] = None
            row.extra.setdefault("masked", set()).add(column.field)
            continue
        try:
            value = column.type.parse(raw, ctx)
            for validator in column.validators:
                validator(value)
        except ValidationError as exc:
            for _name, message in _messages(exc):
                row.errors.append(_error(row.number, column.header, message))
            row.values[column.field] = None
        else:
            row.values[column.field] = value
    for column in register.columns:  # optional columns left out of the file
        row.values.setdefault(column.field, None)

    key = register.key_of(row)
    if key is not None:
        first = ctx.seen.setdefault(key, row.number)
        if first != row.number:
            row.errors.append(
                _error(
                    row.number,
                    register.header_for(register.key[0]),
                    _("与第%(row)s行重复") % {"row": first},
                )
            )
    if row.errors:
        return
    try:
        register.clean_row(row, ctx)
    except ValidationError as exc:
        for name, message in _messages(exc):
            row.errors.append(_error(row.number, register.header_for(name), message))


# --- importing ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    register: str
    file_name: str
    digest: str
    total: int = 0  # data rows in the file
    valid: int = 0
    imported: int = 0  # rows written (created + updated + unchanged)
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    written: bool = False
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.written:
            if self.total and not self.valid:
                text = _("全部%(n)s行均有错误，未写入任何数据。") % {"n": self.total}
            elif self.error_count:
                text = _("校验发现%(e)s处错误，未写入任何数据。请修改后重新导入，或选择“仅导入有效行”。") % {
                    "e": self.error_count
                }
            else:
                text = _("文件中没有数据行，未写入任何数据。")
            return "".join([text, *(note + "。" for note in self.notes)])
        text = _("共%(total)s行，导入%(imported)s行（新增%(created)s，更新%(updated)s）") % {
            "total": self.total,
            "imported": self.imported,
            "created": self.created,
            "updated": self.updated,
        }
        skipped = self.total - self.valid
        if skipped:
            text += _("，跳过有错误的%(n)s行") % {"n": skipped}
        return "；".join([text, *self.notes]) + "。"


class _Abort(Exception):
    def __init__(self, error: dict):
        self.error = error


@_register_language
def run_import(
    register: Register,
    file,
    user,
    only_valid: bool = False,
    *,
    file_name: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Validate the whole file, then write it in one transaction (or nothing at all): in bulk
    after planning for a register that plans its rows (`_write_planned`), else row by row.

    `progress(status, done, total)` is called with status "validating" for each row checked and
    "importing" before the transaction starts (its progress is not visible from outside until
    it commits) and when it has finished.
    """
    if not register.can_import(user):
        raise PermissionDenied(_("您的角色无权导入%(title)s") % {"title": register.title})
    data = read_bytes(file)
    result = ImportResult(register.code, file_name or getattr(file, "name", "") or "", ledger.digest(data))
    ctx = ImportContext(register, user)
    max_rows, max_errors = import_limits(user)
    rows, errors = validate(
        register,
        load_workbook(data),
        user,
        ctx=ctx,
        progress=(lambda done, total: progress("validating", done, total)) if progress else None,
        max_rows=max_rows,
    )
    valid_rows = [r for r in rows if r.valid]
    result.total, result.valid = len(rows), len(valid_rows)
    result.error_count = len(errors)
    result.errors = errors[:max_errors]
    result.notes = list(ctx.notes)
    if not valid_rows or (errors and not only_valid):
        return result

    if progress:
        progress("importing", 0, len(valid_rows))
    try:
        plans = _plans(register, valid_rows, ctx)
        with ledger.acting_as(user, "import"):
            write_ctx = None
            if plans is not None:
                try:
                    write_ctx = _write_planned(register, plans, user, result, only_valid)
                except _Replan:  # the database changed since the plans: row by row, each checked again
                    write_ctx = None
            if write_ctx is None:
                write_ctx = _write_rows(register, valid_rows, user, result, only_valid)
    except _Abort as abort:
        result.errors = [*result.errors, abort.error][:max_errors]
        result.error_count += 1
        result.created = result.updated = result.imported = 0
        result.notes = list(ctx.notes)
        return result
    result.notes = [*ctx.notes, *write_ctx.notes]
    result.written = True
    if progress:
        progress("importing", len(valid_rows), len(valid_rows))
    return result


# Objects read at once to check that a planned update still applies.
BULK_BATCH = 500


class _Replan(Exception):
    """The rows planned no longer fit the database (another writer came between): they are
    written row by row instead, each checked again as it is saved."""


def _counted(result: ImportResult, ctx: ImportContext) -> None:
    result.created, result.updated = ctx.created, ctx.updated
    result.imported = ctx.created + ctx.updated + ctx.unchanged


def _summary(register: Register, result: ImportResult, only_valid: bool) -> dict:
    """The import's own ledger entry: the file, its digest and the counts."""
    return {
        "object_type": register.model._meta.label_lower,
        "object_repr": _("导入%(title)s：%(file)s") % {"title": register.title, "file": result.file_name},
        "data": {
            "register": register.code,
            "file": result.file_name,
            "only_valid": only_valid,
            "rows": result.total,
            "valid": result.valid,
            "invalid": result.total - result.valid,
            "imported": result.imported,
            "created": result.created,
            "updated": result.updated,
        },
        "digests": [result.digest],
    }


def _write_rows(
    register: Register, rows: list[Row], user, result: ImportResult, only_valid: bool
) -> ImportContext:
    """Save the rows one by one (`save_row`, each object ledgered by the model signals), then
    the summary entry, in one transaction; _Abort naming the row that fails."""
    ctx = ImportContext(register, user)
    with transaction.atomic():
        for row in rows:
            try:
                register.save_row(row, ctx)
            except ValidationError as exc:  # changed since validation (another user, another import)
                name, message = _messages(exc)[0]
                raise _Abort(_error(row.number, register.header_for(name), message)) from exc
            except DatabaseError as exc:
                raise _Abort(_error(row.number, "", _("写入数据库失败：%(e)s") % {"e": exc})) from exc
        _counted(result, ctx)
        ledger.record("import", **_summary(register, result, only_valid))
    return ctx


def _plans(register: Register, rows: list[Row], ctx: ImportContext) -> list[RowPlan] | None:
    """Every row's plan (outside any transaction), or None for a register that saves row by row;
    _Abort naming the row a plan refuses."""
    if not register.plans_rows:
        return None
    plans = []
    for row in rows:
        try:
            planned = register.plan_row(row, ctx)
        except ValidationError as exc:
            name, message = _messages(exc)[0]
            raise _Abort(_error(row.number, register.header_for(name), message)) from exc
        if planned is None:
            raise ImproperlyConfigured(f"{type(register).__name__}.plan_row planned no write for a row")
        plans.append(planned)
    return plans


def _write_planned(
    register: Register, plans: list[RowPlan], user, result: ImportResult, only_valid: bool
) -> ImportContext:
    """Write the plans holding the write lock (SQLite's, for the whole database) as briefly as
    the statements take. Whatever costs per row is done before the transaction: primary keys
    taken for the new objects (`_reserve_ids`), every row's column values, every ledger entry
    with its content hash ("create" with the snapshot, "update" with before/after, as the model
    signals write them, then the import's own). Inside it: a check that every existing object
    planned is still as read, the inserts stage by stage, the updates, then the entries chained
    into their chains (`_Entries.append`, last). _Replan when another writer changed or took
    what the plans write (a unique code, a parent since deleted), or the database refused it.

    Statements with their values ready (`executemany`), not `bulk_create`/`bulk_update` nor
    `ledger.append_many`: those make each row's values in Python inside the transaction, some
    0.3 ms a row on this project's machines, seconds of the lock for twenty thousand rows."""
    ctx = ImportContext(register, user)
    for p in plans:
        if p.created:
            ctx.created += 1
        elif p.after:
            ctx.updated += 1
        else:
            ctx.unchanged += 1
    _counted(result, ctx)
    try:
        # the statements first: their values give the new objects what auto_now_add fields hold
        statements = [*_inserts(plans), *_updates(plans)]
        pending = [
            ledger.Pending("create", p.obj, {"after": _snapshot(p.obj)})
            if p.created
            else ledger.Pending("update", p.obj, {"before": p.before, "after": p.after})
            for p in plans
            if p.created or p.after
        ]
        pending.append(ledger.Pending("import", region_path="", **_summary(register, result, only_valid)))
        entries = _Entries(pending)
        with transaction.atomic():
            _check_unchanged(plans)
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.executemany(sql, params)
            entries.append()
    except DatabaseError as exc:
        raise _Replan from exc
    return ctx


def _db_values(obj, fields, *, add: bool = False) -> tuple:
    return tuple(
        f.get_db_prep_save(f.pre_save(obj, True) if add else getattr(obj, f.attname), connection)
        for f in fields
    )


def _inserts(plans: list[RowPlan]) -> list[tuple[str, list[tuple]]]:
    """The INSERT statements of the creates, stage by stage, each with its rows' values: keys
    reserved for every new object first, so that one refers to another of the same file (a
    grid to its new village) by its key."""
    creates = [p for p in plans if p.created]
    by_model: dict[type, list] = {}
    for p in creates:
        by_model.setdefault(type(p.obj), []).append(p.obj)
    for model, objs in by_model.items():
        for obj, pk in zip(objs, _reserve_ids(model, len(objs)), strict=True):
            obj.pk = pk
    statements = []
    quote = connection.ops.quote_name
    for stage in sorted({p.stage for p in creates}):
        staged: dict[type, list] = {}
        for p in creates:
            if p.stage == stage:
                staged.setdefault(type(p.obj), []).append(p.obj)
        for model, objs in staged.items():
            fields = model._meta.concrete_fields
            for obj in objs:
                _fill_foreign_keys(obj)
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                quote(model._meta.db_table),
                ", ".join(quote(f.column) for f in fields),
                ", ".join(["%s"] * len(fields)),
            )
            statements.append((sql, [_db_values(obj, fields, add=True) for obj in objs]))
    return statements


def _fill_foreign_keys(obj) -> None:
    """A foreign key given as an object created by this import: its key, now reserved."""
    for f in obj._meta.concrete_fields:
        if f.is_relation and getattr(obj, f.attname) is None and f.is_cached(obj):
            related = f.get_cached_value(obj)
            if related is not None:
                setattr(obj, f.attname, related.pk)


def _updates(plans: list[RowPlan]) -> list[tuple[str, list[tuple]]]:
    """The UPDATE statements of the updates, one per model and set of fields changed."""
    groups: dict[tuple, list] = {}
    for p in plans:
        if not p.created and p.after:
            groups.setdefault((type(p.obj), tuple(sorted(p.after))), []).append(p.obj)
    statements = []
    quote = connection.ops.quote_name
    for (model, names), objs in groups.items():
        fields = [model._meta.get_field(name) for name in names]
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            quote(model._meta.db_table),
            ", ".join(f"{quote(f.column)} = %s" for f in fields),
            quote(model._meta.pk.column),
        )
        statements.append((sql, [(*_db_values(obj, fields), obj.pk) for obj in objs]))
    return statements


def _reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys for new rows of `model`, taken before the import's transaction. A key
    taken and then not used (the import refused) is a gap, as a rolled-back insert leaves one."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotSupportedError(f"keys cannot be reserved on {connection.vendor}")
    # AUTOINCREMENT (Django's SQLite keys): a new row's key is above both the largest key and
    # the table's sqlite_sequence value, so moving that value up by `count` keeps the keys below it
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT max({quote(column)}) FROM {quote(table)}")
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(top, found[0] if found else 0)
        if found:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count, table])
        else:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count])
    return list(range(start + 1, start + count + 1))


class _Entries:
    """Ledger entries made before the transaction (`ledger.prepare`: for twenty thousand rows,
    seconds of work kept out of the write lock) and appended inside it (`ledger.chain_in`: each
    chain's head locked in code order after the domain rows), inserted with prepared statements."""

    def __init__(self, pending: list[ledger.Pending]):
        self.by_chain = ledger.prepare(pending)
        fields = [
            f
            for f in LedgerEntry._meta.concrete_fields
            if not f.primary_key and f.name not in ledger.SEAL_FIELDS
        ]
        self.values = {
            chain: [_db_values(entry, fields) for entry in entries]
            for chain, entries in self.by_chain.items()
        }
        quote = connection.ops.quote_name
        columns = [f.column for f in fields] + [
            LedgerEntry._meta.get_field(n).column for n in ledger.SEAL_FIELDS
        ]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(LedgerEntry._meta.db_table),
            ", ".join(map(quote, columns)),
            ", ".join(["%s"] * len(columns)),
        )

    def append(self) -> None:
        with connection.cursor() as cursor:

            def insert(chain, entries):
                cursor.executemany(
                    self.sql,
                    [
                        (*values, entry.seq, entry.prev_hash, entry.chain_hash)
                        for values, entry in zip(self.values[chain], entries, strict=True)
                    ],
                )

            ledger.chain_in(self.by_chain, insert)


def _check_unchanged(plans: list[RowPlan]) -> None:
    """_Replan unless every existing object a plan names (updated or left as it is) is still as
    it was read: row by row, the import would write the row's values over another writer's."""
    groups: dict[tuple, list[RowPlan]] = {}
    for p in plans:
        if not p.created:
            groups.setdefault((type(p.obj), tuple(sorted(p.loaded))), []).append(p)
    for (model, fields), planned in groups.items():
        for start in range(0, len(planned), BULK_BATCH):
            chunk = {p.obj.pk: p for p in planned[start : start + BULK_BATCH]}
            found = model._base_manager.filter(pk__in=list(chunk)).values(*fields)
            current = {row[model._meta.pk.attname]: ledger.jsonable(row) for row in found}
            if any(current.get(pk) != p.loaded for pk, p in chunk.items()):
                raise _Replan


def format_error(error: dict) -> str:
    """One error as a line: 第3行，列“区划代码”：原因."""
    if error.get("column"):
        return _("第%(row)s行，列“%(column)s”：%(message)s") % error
    return _("第%(row)s行：%(message)s") % error


__all__ = [
    "Choice",
    "Column",
    "ColumnType",
    "Date",
    "ImportContext",
    "ImportFileError",
    "ImportResult",
    "Integer",
    "Ref",
    "Register",
    "Row",
    "RowPlan",
    "Text",
    "export",
    "export_for",
    "format_error",
    "get_register",
    "in_scope",
    "load_workbook",
    "plan",
    "registers",
    "run_import",
    "scope_paths",
    "template",
    "validate",
]
