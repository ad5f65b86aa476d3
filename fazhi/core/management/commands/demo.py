from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from fazhi.core import demo
from fazhi.core.ledger import acting_as
from fazhi.core.roles import ROLES


class Command(BaseCommand):
    help = "建立示例镇（石鼓镇）：区划、81个网格、每个角色一个示例账户及各应用的示例记录（可重复运行）"

    def handle(self, *args, **options):
        started = time.monotonic()
        with acting_as(None, "command"), transaction.atomic():
            ctx = demo.build_all(report=lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"示例镇已就绪：{ctx.county.name} {ctx.town.name}，{len(ctx.villages)} 个村（社区），{len(ctx.grids)} 个网格"
                f"（另有 {ctx.other_town.name} {len(ctx.other_villages)} 个村（社区）），用时 {time.monotonic() - started:.0f} 秒。"
            )
        )
        for line in ctx.log:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"示例账户（密码均为 {demo.DEMO_PASSWORD}）：")
        for username, (full_name, memberships) in demo.ACCOUNTS.items():
            roles = "、".join(f"{ROLES[r].label}" for r, _ in memberships)
            self.stdout.write(f"  {username:<10} {roles:<14} {full_name}")
