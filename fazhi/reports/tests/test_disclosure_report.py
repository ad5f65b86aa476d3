"""The 政府信息公开工作年度报告 (the second report kind): the national template's six sections and
three tables filled from the disclosure app's figures, the 勾稽 check as an approval guard, the
figures frozen on approval, the .docx read back, the 31 March deadline and the portal."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.shared import Mm

from fazhi.core.frozen import importing_at_state
from fazhi.core.models import Deadline
from fazhi.core.workflow import TransitionRefused
from fazhi.disclosure.models import Request, YearlyFigure
from fazhi.litigation import register
from fazhi.reports import drafting, outputs, workflow
from fazhi.reports.models import Report

pytestmark = pytest.mark.django_db
S = Report.State
FLOW = workflow.REPORT
KIND = Report.Kind.DISCLOSURE


def history(region, received, closed=None, outcome="", kind="natural") -> Request:
    """A request as a past year left it (written at its state, as the bulk path does)."""
    with importing_at_state():
        return Request.objects.create(
            region=region,
            applicant_type=kind,
            applicant_name="某申请人",
            identity_proof="居民身份证",
            description="某信息",
            channel="in_person",
            submitted_on=received,
            received_on=received,
            state=Request.State.CLOSED if closed else Request.State.RECEIVED,
            closed_on=closed,
            replied_on=closed,
            outcome=outcome,
        )


@pytest.fixture
def year_of_requests(regions):
    """石鼓镇 2021: one carried in from 2020, five received (one business, one carried into 2022,
    one refused whose 复议 in the litigation register was upheld); 6 permits entered. 易俗河镇's request and a 2019 one must not count."""
    town = regions.town
    history(town, dt.date(2020, 12, 28), dt.date(2021, 1, 15), "1")
    history(town, dt.date(2021, 3, 2), dt.date(2021, 3, 20), "1")
    history(town, dt.date(2021, 5, 6), dt.date(2021, 5, 28), "2", "business")
    history(town, dt.date(2021, 8, 2), dt.date(2021, 8, 30), "4.1")
    history(town, dt.date(2021, 12, 27), dt.date(2022, 1, 10), "1")
    history(regions.other_town, dt.date(2021, 4, 1), dt.date(2021, 4, 10), "1")
    history(town, dt.date(2019, 4, 1), dt.date(2019, 4, 10), "1")
    refused = history(town, dt.date(2021, 6, 1), dt.date(2021, 6, 20), "3.4")
    register.record(
        refused,
        route="review",
        matter="disclosure",
        subject="政府信息公开申请答复",
        organ="湘潭县人民政府",
        applicant="某申请人",
        filed_on=dt.date(2021, 9, 1),
        result="upheld",
        concluded_on=dt.date(2021, 10, 30),
    )
    YearlyFigure.objects.create(
        region=town, year=2021, item=YearlyFigure.Item.PERMITS, value=6, source="便民服务中心台账"
    )
    return town


def _report(regions, users):
    return drafting.create_report(regions.town, 2021, users.gov_office, kind=KIND)


def _tables(document) -> dict[str, list[list[str]]]:
    """The docx tables by their first cell's text, as rows of cell texts."""
    found = {}
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        found[rows[0][0]] = rows
    return found


def _row(rows, label):
    return next(r for r in rows if r[0] == label or (len(r) > 1 and r[1] == label))


def _to_approval(report, users):
    FLOW.fire(report, "submit", users.gov_office)
    FLOW.fire(report, "review", users.judicial, {"review_opinion": "同意"})
    FLOW.fire(
        report, "deliberate", users.gov_office, {"meeting": "镇政府常务会议", "deliberated_on": "2022-01-18"}
    )


def test_it_drafts_the_six_sections_and_three_tables_of_the_template(regions, users, year_of_requests):
    report = _report(regions, users)
    assert report.title == "湘潭县石鼓镇2021年政府信息公开工作年度报告"
    headings = [s.heading for s in report.sections.all() if s.level == 1]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    # the same town may have both kinds for a year, but not two of one kind
    drafting.create_report(regions.town, 2021, users.gov_office)
    with pytest.raises(drafting.DraftRefused):
        _report(regions, users)


def test_the_docx_tables_equal_the_records(regions, users, year_of_requests):
    # given the draft, as .docx
    report = _report(regions, users)
    content, _type, name = outputs.render(report, "docx")
    assert name == "湘潭县石鼓镇2021年政府信息公开工作年度报告.docx"
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert abs(section.top_margin - Mm(37)) < Mm(0.5) and abs(section.left_margin - Mm(28)) < Mm(0.5)
    tables = _tables(document)
    three = tables["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    # then each total equals a hand-written count over 石鼓镇's requests
    town = Request.objects.filter(region__path__startswith=regions.town.path)
    received = town.filter(received_on__year=2021).count()
    carried_in = town.filter(received_on__year=2020, closed_on__year=2021).count()
    closed = town.filter(closed_on__year=2021).exclude(outcome="").count()
    carried_out = town.filter(received_on__year=2021).exclude(closed_on__year=2021).count()
    assert (received, carried_in, closed, carried_out) == (5, 1, 5, 1)
    assert _row(three, "一、本年新收政府信息公开申请数量")[-1] == str(received)
    assert _row(three, "二、上年结转政府信息公开申请数量")[-1] == str(carried_in)
    assert _row(three, "（七）总计")[-1] == str(closed)
    assert _row(three, "四、结转下年度继续办理")[-1] == str(carried_out)
    # the business applicant in its column (商业企业 is the third cell after the two labels)
    assert _row(three, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")[3] == "1"
    # table 四: the one 复议 upheld (column 1) and its total (column 5)
    four = tables["行政复议"]
    assert four[-1][:5] == ["1", "0", "0", "0", "1"]
    # table 二: the 6 permits entered
    two = tables["第二十条第（一）项"]
    assert _row(two, "行政许可")[1] == "6"
    # every table fits the 156 mm text block
    for table in document.tables:
        grid = table._tbl.tblGrid.findall(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol"
        )
        assert sum(
            int(col.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) for col in grid
        ) <= (Mm(156.5).twips)
    # table 三's three heading rows repeat on the next page; no row splits
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    t3 = next(t for t in document.tables if t.cell(0, 0).text.startswith("（本列数据"))
    repeated = [r._tr.find(f"{w}trPr").find(f"{w}tblHeader") is not None for r in t3.rows]
    assert repeated[:4] == [True, True, True, False]
    assert all(r._tr.find(f"{w}trPr").find(f"{w}cantSplit") is not None for r in t3.rows)
    # the narrative's live figures too
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全年新收政府信息公开申请5件，上年结转1件，办结5件" in text


def test_approval_is_refused_while_table_three_does_not_add_up(regions, users, year_of_requests):
    # given a request received in 2020 and still open in 2021 (carried twice)
    stuck = history(regions.town, dt.date(2020, 11, 30))
    report = _report(regions, users)
    _to_approval(report, users)
    # when the leader approves, it is refused on table 三, naming the request
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(report, "approve", users.leader, {"approved_on": "2022-01-20"})
    assert refused.value.code == "table_three_unbalanced"
    assert str(stuck) in refused.value.reason and "30号" in refused.value.article
    # when it is closed in 2021, the table adds up and approval freezes the table figures
    Request.objects.filter(pk=stuck.pk).update(
        state=Request.State.CLOSED, closed_on=dt.date(2021, 2, 1), closed_year=2021, outcome="1"
    )
    FLOW.fire(report, "approve", users.leader, {"approved_on": "2022-01-20"})
    report.refresh_from_db()
    assert report.state == S.APPROVED
    frozen = report.figures.get(code="disclosure.t3.r2.c3")
    assert frozen.value == 2 and len(frozen.record_ids) == 2
    # a later record does not change the approved report's table
    history(regions.town, dt.date(2021, 6, 1), dt.date(2021, 6, 9), "1")
    three = _tables(Document(io.BytesIO(outputs.render(report, "docx")[0])))
    rows = three["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    assert _row(rows, "一、本年新收政府信息公开申请数量")[-1] == "5"


def test_approval_needs_the_overview_and_the_problems(regions, users, year_of_requests):
    report = _report(regions, users)
    report.sections.filter(key__startswith="disclosure_overview").update(body="")
    _to_approval(report, users)
    with pytest.raises(TransitionRefused) as refused:
        FLOW.fire(report, "approve", users.leader)
    assert refused.value.code == "content_item_empty" and refused.value.field == "disclosure_overview"


def test_it_is_due_by_31_march_and_published_to_the_portal(client, regions, users, year_of_requests):
    report = _report(regions, users)
    deadline = Deadline.objects.get(code=workflow.DISCLOSURE_PUBLISH.code, object_id=report.pk)
    assert deadline.due_on == dt.date(2022, 3, 31)
    _to_approval(report, users)
    FLOW.fire(report, "approve", users.leader, {"approved_on": "2022-01-20"})
    FLOW.fire(report, "submit_up", users.gov_office, {"submission_reference": "石鼓发〔2022〕3号"})
    FLOW.fire(report, "clear", users.gov_office, {"secrecy_reviewer": "党政办 吴秘书"})
    # the portal does not show it before publication
    page = reverse("portal:disclosure", args=[regions.town.code])
    assert report.title not in client.get(page).content.decode()
    FLOW.fire(report, "publish", users.gov_office, {"published_on": "2022-03-31"})
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET and not deadline.met_late
    body = client.get(page).content.decode()
    assert report.title in body
    download = client.get(reverse("portal:report_download", args=[regions.town.code, report.pk, "docx"]))
    assert download.status_code == 200
    assert Document(io.BytesIO(download.content)).paragraphs[0].text == report.title


def test_the_command_writes_the_disclosure_report(regions, year_of_requests, tmp_path, capsys):
    call_command("report", kind="disclosure", region="石鼓镇", year=2021)
    out = capsys.readouterr().out
    assert "## 三、收到和处理政府信息公开申请情况" in out
    assert "| 一、本年新收政府信息公开申请数量 |  | 4 | 1 | 0 | 0 | 0 | 0 | 5 |" in out
    assert not Report.objects.exists()
    target = tmp_path / "d.json"
    call_command(
        "report", kind="disclosure", region="430321108", year=2021, format="json", output=str(target)
    )
    data = json.loads(target.read_text())
    assert data["kind"] == "disclosure"
    tables = [b for b in data["blocks"] if b["kind"] == "table"]
    assert [t["key"] for t in tables] == ["disclosure_t2", "disclosure_t3", "disclosure_t4"]
    codes = {f["code"] for f in data["figures"]}
    assert "disclosure.t3.r1.c3" in codes and "litigation.disclosure.after_review.total" in codes


def test_the_api_drafts_a_disclosure_report_and_composes_its_tables(regions, users, year_of_requests):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users.gov_office)
    created = client.post(
        "/api/v1/reports/annual/",
        {"region": regions.town.pk, "year": 2021, "kind": "disclosure"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "disclosure"
    composed = client.get(f"/api/v1/reports/annual/{created.json()['id']}/composed/").json()
    three = next(b for b in composed["blocks"] if b.get("key") == "disclosure_t3")
    total = next(c for c in three["cells"] if c["code"] == "disclosure.t3.r1.c3")
    assert total["text"] == "5"


def test_the_preview_page_shows_the_tables_with_links_to_their_records(
    client, regions, users, year_of_requests
):
    report = _report(regions, users)
    client.force_login(users.gov_office)
    body = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert 'data-table="disclosure_t3"' in body and 'data-table="disclosure_t4"' in body
    assert "code=disclosure.t3.r1.c3" in body


def test_the_page_drafts_a_disclosure_report(client, regions, users):
    client.force_login(users.gov_office)
    answer = client.post(
        reverse("reports:report_create"),
        {"kind": "disclosure", "region": regions.town.pk, "year": 2021, "outline": "reference"},
    )
    report = Report.objects.get(kind=KIND)
    assert answer.status_code == 302 and answer["Location"] == report.get_absolute_url()
    assert report.outline == "disclosure" and report.sections.filter(key="disclosure_t3").exists()


def test_the_tables_as_a_workbook_for_the_county(client, regions, users, year_of_requests, tmp_path):
    from openpyxl import load_workbook

    # the command writes the three tables, figures as numbers
    target = tmp_path / "t.xlsx"
    call_command("report", kind="disclosure", region="石鼓镇", year=2021, format="xlsx", output=str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
    rows = [[c.value for c in row] for row in book["表三 依申请公开"].iter_rows()]
    received = next(r for r in rows if r[0] == "一、本年新收政府信息公开申请数量")
    assert received[-1] == 5 and received[2] == 4
    assert [c.value for c in book["表四 复议诉讼"][5]][:5] == [1, 0, 0, 0, 1]
    # and the page offers it for a disclosure report only
    report = _report(regions, users)
    client.force_login(users.gov_office)
    answer = client.get(reverse("reports:report_output", args=[report.pk, "xlsx"]))
    assert answer.status_code == 200 and answer["Content-Type"] == outputs.XLSX_CONTENT_TYPE
    other = drafting.create_report(regions.town, 2021, users.gov_office)
    assert client.get(reverse("reports:report_output", args=[other.pk, "xlsx"])).status_code == 404
