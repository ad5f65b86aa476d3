from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from fazhi.core import demo
from fazhi.core.ledger import acting_as
from fazhi.core.roles import ROLES


class Command(BaseCommand):
    help = "建立示例镇（石鼓镇）：区划、81个网格、每个角色一个示例账户及各应用的示例记录（可重复运行）"

    def handle(self, *args, **options):
        with acting_as(None, "command"), transaction.atomic():
            ctx = demo.build()
            for config in apps.get_app_configs():
                if config.name.startswith("fazhi.") and config.name != "fazhi.core":
                    try:
                        module = import_module(f"{config.name}.demo")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{config.name}.demo":
                            raise
                        continue
                    module.build(ctx)
        self.stdout.write(
            self.style.SUCCESS(
                f"示例镇已就绪：{ctx.county.name} {ctx.town.name}，{len(ctx.villages)} 个村（社区），{len(ctx.grids)} 个网格。"
            )
        )
        for line in ctx.log:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"示例账户（密码均为 {demo.DEMO_PASSWORD}）：")
        for username, (full_name, memberships) in demo.ACCOUNTS.items():
            roles = "、".join(f"{ROLES[r].label}" for r, _ in memberships)
            self.stdout.write(f"  {username:<10} {roles:<14} {full_name}")
