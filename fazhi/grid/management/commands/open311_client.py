"""`fazhi open311_client add NAME TOWN_CODE` | `list` | `revoke PREFIX`: the client systems that may
post service requests through Open311 (/open311/v2/). The api_key is printed once at `add`;
only its digest is kept."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import ledger
from fazhi.core.models import Region, RegionKind
from fazhi.grid import open311
from fazhi.grid.models import Open311Client


class Command(BaseCommand):
    help = "Open311接入系统：add 名称 乡镇代码（签发api_key，只显示一次）| list | revoke 密钥前缀"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add")
        add.add_argument("name")
        add.add_argument("town_code")
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        with ledger.acting_as(None, "command"):
            if action == "add":
                town = Region.objects.filter(code=options["town_code"], kind=RegionKind.TOWN).first()
                if town is None:
                    raise CommandError(f"没有代码为{options['town_code']}的乡镇")
                client, key = open311.issue_client(options["name"], town)
                self.stdout.write(f"{client.name}（{town.name}）api_key: {key}")
                self.stdout.write("密钥只显示这一次，请交给接入系统妥善保存。")
            elif action == "list":
                for client in Open311Client.objects.select_related("town"):
                    state = "已撤销" if client.revoked_at else "有效"
                    self.stdout.write(f"{client.prefix}…\t{client.name}\t{client.town.name}\t{state}")
            else:
                found = list(Open311Client.objects.filter(prefix=options["prefix"], revoked_at__isnull=True))
                if len(found) != 1:
                    raise CommandError(f"前缀{options['prefix']}对应{len(found)}个有效的接入系统")
                open311.revoke_client(found[0])
                self.stdout.write(f"已撤销：{found[0]}")
