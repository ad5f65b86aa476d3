"""First start of a real installation: the county and its system administrator.

The admin site and the account pages are open only to a system administrator, who is a
membership (user, sysadmin, region) like every role — so the first one is made here.
"""

from __future__ import annotations

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.core.forms import check_password
from fazhi.core.ledger import acting_as
from fazhi.core.models import Membership, Region, RegionKind, User


class Command(BaseCommand):
    help = "首次部署：建立县级区划和第一位系统管理员（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--county-code", required=True, help="县级统计用区划代码（6位），如 430321")
        parser.add_argument("--county-name", required=True, help="县名，如 湘潭县")
        parser.add_argument("--admin", required=True, help="系统管理员用户名")
        parser.add_argument("--name", default="系统管理员", help="系统管理员姓名")

    def handle(self, *args, county_code, county_name, admin, name, **options):
        county = Region.objects.filter(code=county_code).first()
        if county is not None and county.kind != RegionKind.COUNTY:
            raise CommandError(
                f"区划代码 {county_code} 已存在，但不是县级区划（{county.get_kind_display()}）"
            )
        user = User.objects.filter(username=admin).first()
        password = None
        if user is None:
            password = os.environ.get("FAZHI_ADMIN_PASSWORD") or self._ask_password()
            try:
                check_password(password, User(username=admin, full_name=name))
            except ValidationError as exc:
                raise CommandError("密码不符合要求：" + "；".join(exc.messages)) from None
        with acting_as(None, "command"), transaction.atomic():
            if county is None:
                county = Region(code=county_code, name=county_name, kind=RegionKind.COUNTY)
                try:
                    county.full_clean()
                except ValidationError as exc:
                    raise CommandError(
                        "；".join(f"{k}：{'、'.join(v)}" for k, v in exc.message_dict.items())
                    ) from None
                county.save()
                self.stdout.write(f"已建立县级区划：{county_code} {county_name}")
            if user is None:
                user = User(username=admin, full_name=name)
                user.set_password(password)
                user.must_change_password = False
                user.save()
                self.stdout.write(f"已建立账户：{admin}")
            _, created = Membership.objects.get_or_create(user=user, role="sysadmin", region=county)
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"{admin} 已任 {county_name} 系统管理员，可登录管理账户、区划与管理后台。")
            )
        else:
            self.stdout.write(f"{admin} 已是 {county_name} 系统管理员，未作改动。")

    def _ask_password(self) -> str:
        if not os.isatty(0):
            raise CommandError("请通过环境变量 FAZHI_ADMIN_PASSWORD 提供系统管理员的初始密码")
        first = getpass.getpass("系统管理员密码：")
        if first != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致")
        return first
