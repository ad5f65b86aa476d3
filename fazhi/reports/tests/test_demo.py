"""The reports demo builder on core's demo town (regions and accounts): the 2021 draft of 石鼓镇
in the reference's structure, the 2020 report taken through the procedure."""

from fazhi.core import demo as kit
from fazhi.reports import compose
from fazhi.reports import demo as reports_demo
from fazhi.reports.models import Report


def test_the_builder_makes_the_reference_draft_and_a_published_report(db):
    ctx = kit.build()
    reports_demo.build(ctx)
    draft = Report.objects.get(region=ctx.town, year=2021, kind=Report.Kind.RULE_OF_LAW)
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
    published = Report.objects.get(region=ctx.town, year=2020, kind=Report.Kind.RULE_OF_LAW)
    assert published.state == Report.State.PUBLISHED, ctx.log
    assert published.figures.exists()
    assert Report.objects.filter(region=ctx.other_town, year=2021).exists()
    # idempotent
    reports_demo.build(ctx)
    assert Report.objects.filter(is_sample=True).count() == 4


def test_the_demo_publishes_shigu_2021_disclosure_report_whose_table_three_adds_up(demo, db):
    import io

    from docx import Document

    from fazhi.disclosure.models import Request
    from fazhi.reports import outputs, public

    report = Report.objects.get(region=demo.town, year=2021, kind=Report.Kind.DISCLOSURE)
    assert report.state == Report.State.PUBLISHED, demo.log
    assert report.published_on.isoformat() <= "2022-03-31"
    assert report in public.public_reports(demo.town)
    # the frozen totals equal the records
    town = Request.objects.filter(region__path__startswith=demo.town.path)
    frozen = {f.code: f.value for f in report.figures.all()}
    assert frozen["disclosure.t3.r1.c3"] == town.filter(received_on__year=2021).count() > 0
    assert frozen["disclosure.t3.r3_7.c3"] == town.filter(closed_on__year=2021).exclude(outcome="").count()
    assert (
        frozen["disclosure.t3.r1.c3"] + frozen["disclosure.t3.r2.c3"]
        == frozen["disclosure.t3.r3_7.c3"] + frozen["disclosure.t3.r4.c3"]
    )
    document = Document(io.BytesIO(outputs.render(report, "docx")[0]))
    assert len(document.tables) == 3
