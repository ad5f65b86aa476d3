"""How each table would be laid out on a distributed PostgreSQL (Citus) at province scale.

Every region-scoped record carries `town_code` (fazhi.core.scoping.RegionScoped), set from its
region and never by hand: the distribution column of the domain tables, so that a town's rows
sit on one node and a town's queries touch only them. The ledger is distributed by its chain
(one chain per town). Small tables every query joins are reference tables (copied to every
node); tables only the application node uses stay local. `docs/scale.md` explains each choice;
`fazhi/core/tests/test_distribution.py` fails for a model none of these names.
"""

from __future__ import annotations

TOWN_CODE = "town_code"

# Distributed by a column other than town_code.
DISTRIBUTED = {
    "core.ledgerentry": "chain",  # one hash chain per town (its code), the county's above towns
    "core.ledgerhead": "chain",
}

# Reference tables: small, read by every town's queries (joins, scoping), replicated.
REFERENCE = {
    "core.region": "区划树：每个查询按路径或代码连接",
    "core.user": "账户：操作人、经办人",
    "core.membership": "角色与区划：决定每个查询的范围",
    "core.rule": "县、镇规则：按区划与日期取值",
    "core.calendaryear": "节假日日历",
    "core.calendarday": "节假日日历",
    "grid.eventcategory": "网格事件类别（县定，全县通用）",
    "contenttypes.contenttype": "通用外键的类型表",
    "auth.permission": "Django 权限表（fazhi 不使用，但随 Django 存在）",
    "auth.group": "Django 用户组（fazhi 不使用）",
}

# Distributed tables a town's list reads whole: small county lists whose rows sit at the county
# (its 6-digit town code) and which every town reads — a few dozen rows, no index worth its cost.
READ_WHOLE = {
    "education.keydate": "普法重点日期（县日历，每年几十条）",
}

# Local tables: used by the application node only (sessions, security, background work).
LOCAL = {
    "sessions.session": "会话",
    "core.apitoken": "API 令牌（每台设备、每个系统一个，只存摘要）",
    "grid.open311client": "Open311 接入系统（每个系统一个 api_key，只存摘要）",
    "admin.logentry": "管理后台日志（系统管理员）",
    "axes.accessattempt": "登录失败锁定",
    "axes.accessattemptexpiration": "登录失败锁定",
    "axes.accessfailurelog": "登录失败记录",
    "axes.accesslog": "登录记录",
    "otp_totp.totpdevice": "双因素认证设备",
    "django_tasks_database.dbtaskresult": "后台任务队列",
    "core.importjob": "导入任务（文件与进度）",
}

# Not yet distributable: rows of a town that do not carry its code (none at present). A model
# listed here must gain the column (copied from its parent) before a Citus deployment.
GAPS: dict[str, str] = {}


def layout(model) -> tuple[str, str]:
    """(kind, column or reason) of `model`: distributed / reference / local / gap / none."""
    label = model._meta.label_lower
    if label in DISTRIBUTED:
        return "distributed", DISTRIBUTED[label]
    if any(f.name == TOWN_CODE for f in model._meta.concrete_fields):
        return "distributed", TOWN_CODE
    for kind, table in (("reference", REFERENCE), ("local", LOCAL), ("gap", GAPS)):
        if label in table:
            return kind, table[label]
    return "none", ""
