"""core's registers: villages and grids, accounts with their memberships, and the staff register.

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
    RowPlan,
    Text,
    in_scope,
    plan,
    scope_paths,
)
from fazhi.core.models import Membership, Person, Post, PostKind, Region, RegionKind, Sex, TakenBy, User
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

    def plan_row(self, row: Row, ctx: ImportContext) -> RowPlan:
        """The region `clean_row` made (new, or the existing one with the row's name, households
        and population), with the path and depth `Region.save` would give it; created a level
        after its parent, which may be a village of this file."""
        region = ctx.pending[row.values["code"]]
        region.path = region.parent.path + f"{region.code}/"
        region.depth = region.path.count("/") - 1
        return plan(row, region, stage=region.depth)

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


# --- the staff register (党政办) -----------------------------------------------------------------

PERSON_FIELDS = {"name": "name", "sex": "sex", "region": "person_region", "phone": "phone"}
PERSON_FIELDS |= {"user": "username", "note": "note"}  # form field -> register column field
POST_FIELDS = {"title": "title", "kind": "kind", "department": "department", "region": "post_region"}
POST_FIELDS |= {"since": "since", "until": "until", "taken_by": "taken_by", "document": "document"}
POST_FIELDS |= {"order": "order"}
POST_COLUMNS = ("title", "kind", "department", "post_region", "since", "until", "taken_by", "document")


def _staff_regions(user):
    return _managed_regions(user, roles.MANAGE_STAFF)


class _StaffRow:
    """One exported row: a post with its person, or a person who holds no post shown."""

    def __init__(self, person: Person, post: Post | None):
        self.person, self.post = person, post


class StaffRegister(Register):
    """Persons and their posts, one post a row (a person with no post: one row without one).

    Rows are written through the staff pages' forms (PersonForm, PostForm) and
    fazhi.core.staff.save_person / save_post, so the import checks and scopes exactly as the
    pages do. A row names its person by 人员编号 (from an export) or, for a new person, by name
    and region: the rows of one new person in a file make one person. A post is the same post
    when its person, 职务, 任职区划 and 任职日期 are (an export edited to give a 离任日期 updates
    it); posts are never deleted."""

    code = "staff"
    title = gettext_lazy("工作人员名册")
    description = gettext_lazy(
        "每行一个职务（人员及其所任职务）；同一人员担任多个职务时写多行。已登记的人员填写人员编号"
        "（导出的名册带有编号），新登记的人员留空，本文件中姓名和工作单位区划相同的行视为同一人。"
        "离任时填写离任日期，职务记录不删除。只能导入您管辖范围内的人员和职务。"
    )
    model = Post
    key = ()  # rows name their person in three ways: clean_row finds duplicates itself
    import_permission = roles.MANAGE_STAFF
    export_permission = roles.VIEW_RECORDS
    columns = [
        Column(
            gettext_lazy("人员编号"),
            "person",
            Integer(1),
            source="person.pk",
            help=gettext_lazy("已登记人员的编号（见导出的名册）；新登记的人员留空"),
        ),
        Column(gettext_lazy("姓名"), "name", Text(50), required=True, source="person.name", example="李华"),
        Column(gettext_lazy("性别"), "sex", Choice(Sex.choices), source="person.sex", example="女"),
        Column(
            gettext_lazy("工作单位区划代码"),
            "person_region",
            Ref(Region, "code", queryset=_staff_regions, noun=gettext_lazy("区划")),
            required=True,
            source="person.region",
            example="430321108",
            help=gettext_lazy("人员工作单位所在的镇、村或网格的代码"),
        ),
        Column(gettext_lazy("办公电话"), "phone", Text(30), source="person.phone", example="0731-57800000"),
        Column(
            gettext_lazy("系统账户"),
            "username",
            Text(150),
            source="person.user.username",
            help=gettext_lazy("该人员登录系统所用的用户名；没有账户留空"),
        ),
        Column(gettext_lazy("备注"), "note", Text(200), source="person.note"),
        Column(
            gettext_lazy("职务"),
            "title",
            Text(100),
            source="post.title",
            example="司法所所长",
            help=gettext_lazy("留空：只登记人员，不登记职务"),
        ),
        Column(
            gettext_lazy("类别"), "kind", Choice(PostKind.choices), source="post.kind", example="领导职务"
        ),
        Column(gettext_lazy("部门"), "department", Text(100), source="post.department", example="司法所"),
        Column(
            gettext_lazy("任职区划代码"),
            "post_region",
            Ref(Region, "code", queryset=_staff_regions, noun=gettext_lazy("区划")),
            source="post.region",
            example="430321108",
            help=gettext_lazy("职务所管的镇、村或网格的代码；留空为工作单位区划"),
        ),
        Column(gettext_lazy("任职日期"), "since", Date(), source="post.since", example="2021-03-01"),
        Column(gettext_lazy("离任日期"), "until", Date(), source="post.until", help=gettext_lazy("在任留空")),
        Column(
            gettext_lazy("产生方式"),
            "taken_by",
            Choice(TakenBy.choices),
            source="post.taken_by",
            example="任命",
        ),
        Column(gettext_lazy("任职文件"), "document", Text(200), source="post.document"),
        Column(gettext_lazy("排序"), "order", Integer(0, 32767), source="post.order", example="100"),
    ]

    def queryset(self, user):
        """What the user reads of the register (visible_to: their regions and those above),
        each visible post as a row, then each person none of whose posts the user reads."""
        posts = Post.objects.visible_to(user).select_related("person__region", "person__user", "region")
        people = (
            Person.objects.visible_to(user)
            .exclude(pk__in=posts.values("person"))
            .select_related("region", "user")
            .order_by("region__path", "name", "id")
        )
        rows = [_StaffRow(post.person, post) for post in posts.order_by("person__region__path", "person_id")]
        return rows + [_StaffRow(person, None) for person in people]

    # --- cleaning -------------------------------------------------------------------------------

    def _person_data(self, v: dict, account) -> dict:
        return {
            "name": v["name"],
            "sex": v["sex"] or "",
            "region": v["person_region"].pk,
            "phone": v["phone"] or "",
            "user": account.pk if account is not None else "",
            "note": v["note"] or "",
        }

    def _post_data(self, v: dict) -> dict:
        region = v["post_region"] or v["person_region"]
        return {
            "title": v["title"],
            "kind": v["kind"] or "",
            "department": v["department"] or "",
            "region": region.pk,
            "since": v["since"] or "",
            "until": v["until"] or "",
            "taken_by": v["taken_by"] or "",
            "document": v["document"] or "",
            "order": 100 if v["order"] is None else v["order"],
        }

    @staticmethod
    def _refuse(form, fields: dict[str, str]) -> None:
        """The form's errors as the row's, each on its column."""
        if form.errors:
            raise ValidationError(
                {
                    fields.get(name, "__all__" if name == "__all__" else name): list(messages)
                    for name, messages in form.errors.items()
                }
            )

    def _account(self, username: str | None, user):
        from fazhi.core.forms import PersonForm

        if not username:
            return None
        account = PersonForm(user=user).fields["user"].queryset.filter(username=username).first()
        if account is None:
            raise ValidationError(
                {"username": _("账户“%(name)s”不存在或不在您的管辖范围内") % {"name": username}}
            )
        return account

    def _existing_person(self, pk: int, user) -> Person:
        person = Person.objects.writable_by(user, roles.MANAGE_STAFF).filter(pk=pk).first()
        if person is None:
            raise ValidationError(
                {"person": _("人员编号%(pk)s不存在或不在您有权修改的区划范围内") % {"pk": pk}}
            )
        return person

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        from fazhi.core.forms import PersonForm, PostForm

        v = row.values
        if not v["title"] and any(v[c] for c in POST_COLUMNS[1:]):
            raise ValidationError({"title": _("填写了职务的其他信息，但职务为空")})
        account = self._account(v["username"], ctx.user)
        new_key = (v["name"], v["person_region"].code)
        if v["person"]:
            person = self._existing_person(v["person"], ctx.user)
            person_key = ("id", person.pk)
        else:
            person_key = ("new", *new_key)
            person = None
            same = Person.objects.filter(name=v["name"], region=v["person_region"]).first()
            if same is not None:
                raise ValidationError(
                    {
                        "person": _("该区划已登记同名人员（人员编号%(pk)s），如为同一人请填写人员编号")
                        % {"pk": same.pk}
                    }
                )
        data = self._person_data(v, account)
        earlier = ctx.pending.get(person_key)
        if earlier is not None:
            if earlier["data"] != data:
                raise ValidationError(
                    {
                        "name": _("与本文件第%(row)s行的同一人员信息不一致（性别、电话、账户、备注须相同）")
                        % {"row": earlier["row"]}
                    }
                )
        else:
            form = PersonForm(data, instance=person, user=ctx.user)
            form.is_valid()
            self._refuse(form, PERSON_FIELDS)
            if account is not None:
                taken = ctx.cache.setdefault("staff_accounts", {})
                if taken.setdefault(account.pk, row.number) != row.number:
                    raise ValidationError(
                        {"username": _("与本文件第%(row)s行使用同一账户") % {"row": taken[account.pk]}}
                    )
            ctx.pending[person_key] = {"data": data, "row": row.number}
        if not v["title"]:
            return
        post_data = self._post_data(v)
        post_key = (person_key, post_data["title"], post_data["region"], post_data["since"])
        first = ctx.seen.setdefault(post_key, row.number)
        if first != row.number:
            raise ValidationError(
                {"title": _("与第%(row)s行重复（同一人员、职务、区划和任职日期）") % {"row": first}}
            )
        form = PostForm(post_data, instance=self._post_of(person, post_data), user=ctx.user)
        form.is_valid()
        self._refuse(form, POST_FIELDS)

    @staticmethod
    def _post_of(person: Person | None, data: dict) -> Post:
        """The post of the row: the person's post of that 职务, 区划 and 任职日期, else a new one."""
        if person is not None and person.pk and data["since"]:
            found = person.posts.filter(
                title=data["title"], region_id=data["region"], since=data["since"]
            ).first()
            if found is not None:
                return found
        return Post(person=person) if person is not None else Post()

    # --- writing --------------------------------------------------------------------------------

    def save_row(self, row: Row, ctx: ImportContext) -> Post | Person:
        from fazhi.core import staff
        from fazhi.core.forms import PersonForm, PostForm

        v = row.values
        account = self._account(v["username"], ctx.user)
        if v["person"]:
            person = self._existing_person(v["person"], ctx.user)
            person_key = ("id", person.pk)
        else:
            person_key = ("new", v["name"], v["person_region"].code)
            person = ctx.pending.get(person_key)
        changed = created = False
        if person_key not in ctx.pending:  # the person's first row in this file
            form = PersonForm(self._person_data(v, account), instance=person, user=ctx.user)
            form.is_valid()
            self._refuse(form, PERSON_FIELDS)
            if person is None or form.has_changed():
                created = person is None
                person = staff.save_person(form, ctx.user)
                changed = True
            ctx.pending[person_key] = person
        if v["title"]:
            post = self._post_of(person, self._post_data(v))
            post_created = post.pk is None
            post.person = person
            form = PostForm(self._post_data(v), instance=post, user=ctx.user)
            form.is_valid()
            self._refuse(form, POST_FIELDS)
            if post_created or form.has_changed():
                staff.save_post(form, ctx.user)
                changed = True
                created = created or post_created
        if created:
            ctx.created += 1
        elif changed:
            ctx.updated += 1
        else:
            ctx.unchanged += 1
        return person


REGISTERS = [RegionRegister(), MembershipRegister(), StaffRegister()]
