from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.core import deadlines
from fazhi.core.models import Deadline, User


class Command(BaseCommand):
    help = "列出已逾期和临近到期的法定期限（可按用户的可见范围）"

    def add_arguments(self, parser):
        parser.add_argument("--user", help="只列该用户可见范围内的期限（用户名）")
        parser.add_argument("--overdue", action="store_true", help="只列已逾期的期限")
        parser.add_argument(
            "--within",
            type=int,
            default=deadlines.DUE_SOON_DAYS,
            help=f"列出今后多少天内到期的期限（默认 {deadlines.DUE_SOON_DAYS}），已逾期的总会列出",
        )

    def handle(self, *args, **options):
        within = options["within"]
        if within < 0:
            raise CommandError("--within 不能为负数")
        qs = Deadline.objects.all()
        scope = "全部区划"
        if options["user"]:
            try:
                user = User.objects.get(username=options["user"])
            except User.DoesNotExist:
                raise CommandError(f"没有用户名为“{options['user']}”的用户") from None
            qs = Deadline.objects.visible_to(user)
            scope = f"{user}（{user.username}）的可见范围"
        today = timezone.localdate()
        show = deadlines.SHOW_OVERDUE if options["overdue"] else deadlines.SHOW_DUE
        qs = deadlines.select(qs, show, within, today).select_related("region").order_by("due_on", "id")
        what = "已逾期" if options["overdue"] else f"已逾期及 {within} 日内到期"
        self.stdout.write(f"{today:%Y-%m-%d} {scope}{what}的期限：")
        count = 0
        for d in qs.iterator(chunk_size=500):
            count += 1
            st = deadlines.standing(d, today)
            unit = "个工作日" if d.working_days else "日"
            line = (
                f"[{st.text}] 届满 {d.due_on:%Y-%m-%d}  {d.object_repr} · {d.label}  "
                f"（{d.rule}，{d.days}{unit}）  {d.region.name}"
            )
            if d.calendar_note:
                line += f"  ※{d.calendar_note}"
            self.stdout.write(line)
        self.stdout.write(f"共 {count} 项。" if count else "没有符合条件的期限。")
