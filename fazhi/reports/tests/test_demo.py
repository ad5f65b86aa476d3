"""The reports demo builder on core's demo town (regions and accounts): the 2021 draft of 石鼓镇
in the reference's structure, the 2020 report taken through the procedure."""

from fazhi.core import demo as kit
from fazhi.reports import compose
from fazhi.reports import demo as reports_demo
from fazhi.reports.models import Report


def test_the_builder_makes_the_reference_draft_and_a_published_report(db):
    ctx = kit.build()
    reports_demo.build(ctx)
    draft = Report.objects.get(region=ctx.town, year=2021)
    assert draft.is_sample and draft.state == Report.State.DRAFT
    headings = [s.heading for s in draft.sections.all() if s.level == 1]
    assert headings[:4] == [
        "一、认真学习贯彻习近平法治思想、开展宪法宣誓活动",
        "二、党政主要负责人履行法治建设第一责任人职责的情况",
        "三、依法全面履行政府职能，建设法治政府",
        "四、存在的问题及整改措施",
    ]
    text = "\n".join(b.text for b in compose.compose(draft).blocks)
    assert "2021年执法大队共立案查处行政违法案件" in text
    published = Report.objects.get(region=ctx.town, year=2020)
    assert published.state == Report.State.PUBLISHED, ctx.log
    assert published.figures.exists()
    assert Report.objects.filter(region=ctx.other_town, year=2021).exists()
    # idempotent
    reports_demo.build(ctx)
    assert Report.objects.filter(is_sample=True).count() == 3
