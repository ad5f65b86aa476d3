"""core's registers: villages and grids, and accounts with their memberships.

New accounts are created with an unusable password: nobody can sign in with them until the
system administrator sets an initial password (account page or `fazhi changepassword`). fazhi
does not generate passwords in an import, because the job's result is kept in the database
and shown again on its page; a password must not be.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import pii, roles
from fazhi.core.io import (
    Choice,
    Column,
    Date,
    ImportContext,
    Integer,
    Ref,
    Register,
    Row,
    Text,
    in_scope,
    scope_paths,
)
from fazhi.core.models import Membership, Region, RegionKind, User
from fazhi.core.models.users import membership_errors, separation_error


def _managed_regions(user, permission: str):
    paths = scope_paths(user, permission)
    if not paths:
        return Region.objects.none()
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return Region.objects.filter(q)


# --- regions ---------------------------------------------------------------------------------


class RegionRegister(Register):
    code = "regions"
    title = gettext_lazy("村（社区）与网格")
    description = gettext_lazy(
        "新增村（社区）和网格，或更新已有村、网格的名称、户数和人口。上级区划须已在系统中，"
        "或在本文件中更靠前的行；只能导入您管辖范围内的区划。"
    )
    model = Region
    key = ("code",)
    import_permission = roles.MANAGE_REGIONS
    export_permission = roles.VIEW_RECORDS
    columns = [
        Column(
            gettext_lazy("区划代码"),
            "code",
            Text(20, digits=True),
            required=True,
            example="430321108210",
            help=gettext_lazy("村（社区）12位；网格15位，为所属村代码加3位"),
        ),
        Column(gettext_lazy("名称"), "name", Text(100), required=True, example="新桥村"),
        Column(
            gettext_lazy("类型"),
            "kind",
            Choice(
                [(RegionKind.VILLAGE, "村"), (RegionKind.GRID, "网格")],
                aliases={
                    "社区": RegionKind.VILLAGE,
                    "居委会": RegionKind.VILLAGE,
                    str(RegionKind.VILLAGE.label): RegionKind.VILLAGE,
                    "村（居）": RegionKind.VILLAGE,
                },
            ),
            required=True,
            example="村",
            help=gettext_lazy("社区填“村”或“社区”均可"),
        ),
        Column(
            gettext_lazy("上级区划代码"),
            "parent",
            Text(20, digits=True),
            required=True,
            source="parent.code",
            example="430321108",
            help=gettext_lazy("村填所属镇（街道）代码，网格填所属村代码"),
        ),
        Column(gettext_lazy("户数"), "households", Integer(0), example="860"),
        Column(gettext_lazy("人口"), "population", Integer(0), example="3090"),
    ]

    def queryset(self, user):
        # What the user reads (their subtrees), and for the system administrator, who reads no
        # domain record, the regions they manage. Villages and grids only: the layout imports back.
        managed = _managed_regions(user, roles.MANAGE_REGIONS)
        visible = Region.objects.visible_to(user)
        return (
            (visible | managed)
            .filter(kind__in=[RegionKind.VILLAGE, RegionKind.GRID])
            .select_related("parent")
            .order_by("path")
        )

    def _parent(self, code: str, ctx: ImportContext) -> Region | None:
        return ctx.pending.get(code) or Region.objects.filter(code=code).first()

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        paths = ctx.cache.setdefault("managed", scope_paths(ctx.user, roles.MANAGE_REGIONS))
        parent = self._parent(v["parent"], ctx)
        if parent is None:
            raise ValidationError(
                {
                    "parent": _("上级区划“%(code)s”不存在（须已在系统中，或在本文件中更靠前的行）")
                    % {"code": v["parent"]}
                }
            )
        if not in_scope(parent.path, paths):
            raise ValidationError(
                {
                    "parent": _("上级区划“%(code)s”（%(name)s）不在您的管辖范围内")
                    % {"code": parent.code, "name": parent}
                }
            )
        existing = Region.objects.filter(code=v["code"]).select_related("parent").first()
        if existing is not None:
            if not in_scope(existing.path, paths):
                raise ValidationError(
                    {"code": _("区划代码已存在（%(name)s），且不在您的管辖范围内") % {"name": existing}}
                )
            if existing.kind != v["kind"] or existing.parent_id != parent.pk:
                raise ValidationError(
                    {
                        "code": _(
                            "区划代码已存在（%(name)s，%(kind)s，上级%(parent)s），导入不能更改已有区划的类型或上级"
                        )
                        % {
                            "name": existing,
                            "kind": existing.get_kind_display(),
                            "parent": existing.parent.code,
                        }
                    }
                )
            region = existing
        else:
            region = Region(code=v["code"], kind=v["kind"], parent=parent)
        region.name = v["name"]
        region.households, region.population = v["households"], v["population"]
        region.full_clean(exclude=["path", "depth"])
        region.path = parent.path + f"{region.code}/"  # for rows below that name it as their parent
        ctx.pending[region.code] = region

    def save_row(self, row: Row, ctx: ImportContext) -> Region:
        v = row.values
        parent = Region.objects.filter(code=v["parent"]).first()
        if parent is None or not in_scope(parent.path, scope_paths(ctx.user, roles.MANAGE_REGIONS)):
            raise ValidationError(
                {"parent": _("上级区划“%(code)s”不存在或不在您的管辖范围内") % {"code": v["parent"]}}
            )
        region = Region.objects.filter(code=v["code"]).first()
        created = region is None
        if created:
            region = Region(code=v["code"], kind=v["kind"], parent=parent)
        elif region.kind != v["kind"] or region.parent_id != parent.pk:
            raise ValidationError({"code": _("区划代码已存在，类型或上级与本行不同")})
        before = (region.name, region.households, region.population)
        region.name, region.households, region.population = v["name"], v["households"], v["population"]
        if not created and before == (region.name, region.households, region.population):
            ctx.unchanged += 1
            return region
        region.full_clean(exclude=["path", "depth"])
        region.save()
        if created:
            ctx.created += 1
        else:
            ctx.updated += 1
        return region


# --- accounts and memberships ------------------------------------------------------------------

# The three system administrators (三员) are appointed one by one, never by a bulk import.
NAMES_SHOWN = 20  # new accounts named in the summary
DOMAIN_ROLE_CHOICES = [(code, role.label) for code, role in roles.ROLES.items() if role.domain]


class MembershipRegister(Register):
    code = "users"
    title = gettext_lazy("用户与任职")
    description = gettext_lazy(
        "每行一条任职（用户、角色、区划）；同一用户担任多个角色时写多行。新用户不设密码，"
        "须由系统管理员设置初始密码后方可登录。系统管理员、安全管理员、审计管理员不能通过导入授予。"
    )
    model = Membership
    key = ("username", "role", "region")
    import_permission = roles.MANAGE_USERS
    export_permission = roles.MANAGE_USERS
    columns = [
        Column(
            gettext_lazy("用户名"),
            "username",
            Text(150),
            required=True,
            validators=[User.username_validator],
            source="user.username",
            example="zhangsan",
            help=gettext_lazy("登录名：字母、数字和 @.+-_"),
        ),
        Column(
            gettext_lazy("姓名"),
            "full_name",
            Text(50),
            required=True,
            source="user.full_name",
            example="张三",
        ),
        Column(
            gettext_lazy("手机号"),
            "mobile",
            Text(20),
            validators=[pii.validate_mobile],
            pii=pii.MOBILE,
            source="user.mobile",
            example="13812345678",
        ),
        Column(
            gettext_lazy("角色"),
            "role",
            Choice(DOMAIN_ROLE_CHOICES),
            required=True,
            example=str(roles.ROLES["grid_worker"].label),
            help=gettext_lazy("填角色名称或代码"),
        ),
        Column(
            gettext_lazy("所属区划代码"),
            "region",
            Ref(
                Region,
                "code",
                queryset=lambda user: _managed_regions(user, roles.MANAGE_USERS),
                noun=gettext_lazy("区划"),
            ),
            required=True,
            example="430321108201001",
            help=gettext_lazy("任职所在的县、镇、村或网格的代码"),
        ),
        Column(
            gettext_lazy("起始日期"),
            "since",
            Date(),
            example="2021-03-01",
            help=gettext_lazy("留空：即日起"),
        ),
        Column(
            gettext_lazy("截止日期"),
            "until",
            Date(),
            example="2023-12-31",
            help=gettext_lazy("留空：长期；到期后不再授予任何权限"),
        ),
    ]

    def queryset(self, user):
        # The system administrator sees every account; nobody else exports accounts.
        if not user.can(roles.MANAGE_USERS):
            return Membership.objects.none()
        return Membership.objects.select_related("user", "region").order_by("user__username", "region__path")

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        v["mobile"] = pii.normalize_mobile(v["mobile"]) if v["mobile"] else None
        if v["since"] and v["until"] and v["until"] < v["since"]:
            raise ValidationError({"until": _("截止日期不能早于起始日期")})
        earlier = ctx.pending.get(v["username"])
        if earlier is not None and earlier.full_name != v["full_name"]:
            raise ValidationError(
                {"full_name": _("与本文件前面同一用户名的姓名“%(name)s”不一致") % {"name": earlier.full_name}}
            )
        user = earlier or User.objects.filter(username=v["username"]).first()
        if user is not None and user.pk is not None:
            if user.full_name != v["full_name"]:
                raise ValidationError(
                    {
                        "username": _(
                            "用户名已存在，其姓名为“%(name)s”，与本行不一致；如为不同的人请另取用户名"
                        )
                        % {"name": user.full_name}
                    }
                )
            if Membership.objects.filter(user=user, role=v["role"], region=v["region"]).exists():
                raise ValidationError({"role": _("该用户已在此区划担任此角色（已存在）")})
        elif user is None:
            if "mobile" in row.extra.get("masked", ()):
                raise ValidationError({"mobile": _("新用户的手机号不能是打码的值，请填写完整号码或留空")})
            user = User(username=v["username"], full_name=v["full_name"], mobile=v["mobile"] or "")
            user.full_clean(exclude=["password"])
        # the rules of the account pages (三员分立, not one's own account, the region's kind),
        # against the roles the account holds and those given to it earlier in this file
        errors = membership_errors(user, v["role"], v["region"], actor=ctx.user)
        pending_roles = ctx.cache.setdefault("pending_roles", {}).setdefault(v["username"], set())
        if not errors and (error := separation_error(pending_roles | {v["role"]})):
            errors["role"] = error
        if errors:
            errors = {("username" if k == "__all__" else k): m for k, m in errors.items()}
            raise ValidationError(errors)
        pending_roles.add(v["role"])
        ctx.pending[v["username"]] = user

    def save_row(self, row: Row, ctx: ImportContext) -> Membership:
        v = row.values
        if not in_scope(v["region"].path, scope_paths(ctx.user, roles.MANAGE_USERS)):
            raise ValidationError({"region": _("区划不在您的管辖范围内")})
        user = User.objects.filter(username=v["username"]).first()
        if user is None:
            user = User(username=v["username"], full_name=v["full_name"], mobile=v["mobile"] or "")
            user.set_unusable_password()
            user.full_clean(exclude=["password"])
            user.save()
            ctx.cache.setdefault("new_users", []).append(user.username)
        elif v["mobile"] and user.mobile != v["mobile"]:
            user.mobile = v["mobile"]
            user.save(update_fields=["mobile"])
        if Membership.objects.filter(user=user, role=v["role"], region=v["region"]).exists():
            raise ValidationError({"role": _("该用户已在此区划担任此角色（已存在）")})
        membership = Membership(
            user=user, role=v["role"], region=v["region"], since=v["since"], until=v["until"]
        )
        membership.full_clean()
        membership.save()
        ctx.created += 1
        new_users = ctx.cache.get("new_users", [])
        if new_users:
            shown = "、".join(new_users[:NAMES_SHOWN]) + (_("等") if len(new_users) > NAMES_SHOWN else "")
            ctx.notes[:] = [
                _("新建账户%(n)s个（%(names)s），尚未设置密码，须由系统管理员设置初始密码后方可登录")
                % {"n": len(new_users), "names": shown}
            ]
        return membership


REGISTERS = [RegionRegister(), MembershipRegister()]
