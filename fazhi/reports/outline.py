"""The section templates of the annual report: which sections, in which order, tagged with which
content item of the 督察工作规定, and the sentences of each, naming the figures they state.

A template is declarative data: `Outline(code, label, sections=[SectionTemplate(...)])`. A section's
`sentences` are paragraphs of text with placeholders that `fazhi.reports.compose` resolves from the
figure registry:

- `{enforcement.cases_filed}`: the figure's value for the report's year, exact;
- `{enforcement.fines_paid|yu2w}`: worded by a format of `fazhi.reports.approx` (N余 at two
  significant digits, in 万: 22万余); `|yu1` 100余, `|duo1` 50多, `|about1` 约2000, `|cn` 两,
  `|pct` a percentage; `|months` the months of the records behind it (8月);
- `{petitions.level_national@-5}`: the figure five years before the report's year (`@2016`: that year);
- `{mediation.succeeded/mediation.registered|pct}`: a rate recomputed from its two parts;
- `{year}`, `{year-5}`, `{town}`, `{county}`, `{authority}`: the report's own words.

A sentence whose figure is not in the registry (an app not yet installed, a figure not yet
declared) is left out of the text, and a draft shows "（待数据）" in its place, never a number.
Narrative sentences (no placeholder) are the reference report's wording for the staff to edit.

`REFERENCE` follows 湘潭县石鼓镇2021年法治政府建设工作报告 (../shared/reference); `FIRST_RESPONSIBLE_FIRST`
puts 第一责任人 first, as many counties ask (DOMAIN.md 7(a)).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from fazhi.reports.models import ContentItem

I = ContentItem  # noqa: E741


@dataclass(frozen=True)
class ProblemTemplate:
    problem: str
    cause: str = ""
    measure: str = ""


@dataclass(frozen=True)
class SectionTemplate:
    key: str
    heading: str
    level: int  # 0 no heading (opening, closing), 1 一、, 2 （一）
    item: int | None
    sentences: tuple[str, ...] = ()
    lists_problems: bool = False


@dataclass(frozen=True)
class Outline:
    code: str
    label: str
    sections: tuple[SectionTemplate, ...]
    problems: tuple[ProblemTemplate, ...] = field(default=())


# --- the sections of the reference report ---------------------------------------------------------

OPENING = SectionTemplate(
    "opening",
    "",
    0,
    ContentItem.MEASURES,
    (
        "{year}年以来，{town}坚持以习近平法治思想为指导，紧紧围绕中共中央、国务院《法治政府建设实施纲要（2021—2025年）》"
        "和上级部署要求，深入实施依法治国基本方略，围绕我镇中心工作，以推进依法行政、建设法治政府为目标，"
        "坚持突出重点、开拓创新地开展依法行政工作。现将我镇依法行政工作情况报告如下：",
    ),
)

STUDY = SectionTemplate(
    "study",
    "一、认真学习贯彻习近平法治思想、开展宪法宣誓活动",
    1,
    ContentItem.MEASURES,
    (
        "为严格贯彻落实习近平总书记全面依法治国新理念、新思想、新战略，我镇坚持抓住领导干部这个“关键少数”，"
        "将学习宣传习近平法治思想和宪法纳入党委理论学习内容，制定领导干部学习制度和学习计划。"
        "全年组织领导干部集体学法{education.study_sessions}次。",
        "为进一步弘扬宪法精神、维护宪法权威，{education.oaths|months}，组织新当选、新任命人员进行“宪法宣誓”活动"
        "{education.oaths}次、{education.oath_takers}人次，激发全镇领导干部学习宪法的热情，进一步增强宪法法律意识。",
    ),
)

DUTY = SectionTemplate(
    "duty",
    "二、党政主要负责人履行法治建设第一责任人职责的情况",
    1,
    ContentItem.FIRST_RESPONSIBLE,
)

DUTY_LEAD = SectionTemplate(
    "duty_lead",
    "（一）切实发挥党委在推进法治建设中的领导核心作用",
    2,
    ContentItem.FIRST_RESPONSIBLE,
    (
        "根据我镇实际，镇党委研究制定了《{town}{year}年法治政府建设工作方案》，并将法治政府建设工作列入重要议事日程，"
        "坚持和完善党委统一领导，人大监督，政府实施，各部门配合，全社会共同参与的领导体制和工作机制。"
        "工作方案部署任务{planning.tasks}项，年内完成{planning.tasks_done}项。",
    ),
)

DUTY_ADVISERS = SectionTemplate(
    "duty_advisers",
    "（二）全面完善、落实法律顾问制度",
    2,
    ContentItem.FIRST_RESPONSIBLE,
    (
        "为实现法律服务在镇域范围全覆盖，{town}贯彻执行法律顾问工作制度、一村一法律顾问工作制度，"
        "选聘了{legal.town_advisers}名资深律师担任{town}人民政府法律顾问，法律顾问提前参与重大行政决策、重要行政行为、"
        "重大项目、重大合同等政府行为。村级法律顾问通过定期不定期走访村部、村民，参与村级重大事项决策、矛盾纠纷调处等。",
    ),
)

FUNCTIONS = SectionTemplate(
    "functions",
    "三、依法全面履行政府职能，建设法治政府",
    1,
    ContentItem.MEASURES,
)

DECISIONS = SectionTemplate(
    "decisions",
    "（一）依法推进、履行决策。",
    2,
    ContentItem.MEASURES,
    (
        "一是在作出重大行政行为时，坚持在法律法规的框架内进行充分论证。二是在制定民生决策时，坚持对决策的合法合规性进行审查。"
        "全年作出重大行政决策{legal.decisions}项，开展重大行政决策合法性审查{legal.decision_reviews}件次。"
        "三是全面推进政务公开，全年主动公开政府信息{disclosure.proactive_items}条。",
    ),
)

ENFORCEMENT = SectionTemplate(
    "enforcement",
    "（二）规范执法，成效显著。",
    2,
    ContentItem.MEASURES,
    (
        "一是组织执法人员开展法律法规集中学习培训，增强执法队伍人员法律意识。"
        "二是严格实行行政执法人员资格管理制度，行政执法人员必须持证上岗、亮证执法。"
        "三是依法执法成效显著。{year}年执法大队共立案查处行政违法案件{enforcement.cases_filed}件，"
        "办结案件{enforcement.cases_closed}件，共收缴罚款{enforcement.fines_paid|yu2w}元。"
        "下达各类整改法律文书{enforcement.orders_issued|yu1}份，发放各类宣传资料{enforcement.materials_handed_out|yu2}份，"
        "在全镇范围内开展打击取缔非法采砂洗砂采石专项整治行动共{enforcement.sand_mining_actions|yu1}次，"
        "制止焚烧秸秆{enforcement.straw_burning_stops|yu1}起。"
        "联合执法拆除违章搭建{enforcement.demolished_count|cn}处{enforcement.demolished_area|about1}平方米。"
        "严格落实行政执法“三项制度”，做到事前、事中、事后全公开，全过程文字、音像全记录。",
    ),
)

GOVERNANCE = SectionTemplate(
    "governance",
    "（三）综合治理，增强群防群治能力。",
    2,
    ContentItem.MEASURES,
    (
        "一是完善网格化管理并发挥实效。我镇共划分为{grid.grids}个网格，精细网格化管理，及时掌握社情民意。"
        "全年网格上报事件{grid.events_reported}件，结案率{grid.closing_rate|pct}。"
        "二是依托网格积极化解矛盾纠纷，今年来共排查登记矛盾{reports.disputes_screened}件，化解{reports.disputes_resolved}件，"
        "化解率{reports.dispute_resolution_rate|pct}。"
        "三是切实做好信访工作，将信访问题解决在萌芽状态。"
        "{town}从{year-5}年的{petitions.level_national@-5}例进京上访，到{year}年的{petitions.level_national}例；"
        "省信访系统登记由{year-5}年的{petitions.level_province@-5|duo1}例到{year}年的省级{petitions.level_province}例、市级{petitions.level_city}例。",
    ),
)

EDUCATION = SectionTemplate(
    "education",
    "（四）深化普法宣传，推进全面依法治理。",
    2,
    ContentItem.MEASURES,
    (
        "一是党政干部学法经常化、制度化，坚持和完善党委理论学习中心组集体学法制度。"
        "二是积极开展法律宣传活动，全年开展普法活动{education.activities}次，受众{education.audience|yu1}人次。"
        "今年来，共制作法制宣传栏{education.boards_made}块，悬挂横幅{education.banners}条，"
        "张贴普法宣传画{education.posters}张，发放宣传资料{education.materials|yu1w}份，"
        "形成学法、用法、守法的良好社会氛围。",
    ),
)

PROBLEMS = SectionTemplate(
    "problems",
    "四、存在的问题及整改措施",
    1,
    ContentItem.SHORTCOMINGS,
    ("今年以来，我镇在县委、县政府的领导下，在法治政府建设工作取得了初步成绩，但仍有一些工作有待提高。",),
    lists_problems=True,
)

NEXT_YEAR = SectionTemplate(
    "next_year",
    "",
    0,
    ContentItem.NEXT_YEAR,
    (
        "在接下来的工作中，我镇将进一步提高认识，增加法治政府建设工作的责任感和紧迫感，努力提高政府依法行政工作水平。"
        "一是进一步规范执法全过程行为，强化行政执法公示制度和执法全过程记录。"
        "二是充分发挥政府法律顾问优势，积极参与行政规范性文件合法性审核、行政行为合法性审查等。"
        "三是持续加强法治宣传教育，创新宣传形式和载体。"
        "四是进一步巩固普法成果，全面加强政府自身建设，持续推进法治政府建设。",
    ),
)

REFERENCE_PROBLEMS = (
    ProblemTemplate(
        "执法人员偏少，行政执法人员的执法水平有待提高，执法力量薄弱。",
        "缺乏高素质的法治工作专业人才，一定程度上不能很好地满足实际工作需要。",
        "组织执法人员参加县司法局培训，规范行政执法行为和执法文书的制作与保存。",
    ),
    ProblemTemplate(
        "理论学习不够积极主动，重业务、轻学习的思想依然存在。",
        "对相关法律法规学习不深，理论联系实际的深度和广度不够。",
        "坚持党委理论学习中心组集体学法制度，提高分析问题和解决问题的能力。",
    ),
    ProblemTemplate(
        "法治宣传工作不够深入，涉及面不够广泛。",
        "农村外出人口众多，宣传工作仍然停留在面向老人及青少年。",
        "在重要交通路段、公共场所、人员聚集地设置永久性法治宣传阵地。",
    ),
)

REFERENCE = Outline(
    "reference",
    _("参照石鼓镇2021年报告（学习宣誓在前）"),
    (
        OPENING,
        STUDY,
        DUTY,
        DUTY_LEAD,
        DUTY_ADVISERS,
        FUNCTIONS,
        DECISIONS,
        ENFORCEMENT,
        GOVERNANCE,
        EDUCATION,
        PROBLEMS,
        NEXT_YEAR,
    ),
    REFERENCE_PROBLEMS,
)


def _as(section: SectionTemplate, heading: str, level: int | None = None) -> SectionTemplate:
    """The section under another heading (and level) in another order."""
    return SectionTemplate(
        section.key,
        heading,
        section.level if level is None else level,
        section.item,
        section.sentences,
        section.lists_problems,
    )


FIRST_RESPONSIBLE_FIRST = Outline(
    "first_responsible_first",
    _("第一责任人职责在前"),
    (
        OPENING,
        _as(DUTY, "一、党政主要负责人履行推进法治建设第一责任人职责的情况"),
        DUTY_LEAD,
        DUTY_ADVISERS,
        _as(FUNCTIONS, "二、推进法治政府建设的主要举措和成效"),
        _as(STUDY, "（一）认真学习贯彻习近平法治思想、开展宪法宣誓活动", 2),
        _as(DECISIONS, "（二）依法推进、履行决策。"),
        _as(ENFORCEMENT, "（三）规范执法，成效显著。"),
        _as(GOVERNANCE, "（四）综合治理，增强群防群治能力。"),
        _as(EDUCATION, "（五）深化普法宣传，推进全面依法治理。"),
        _as(PROBLEMS, "三、存在的不足和原因"),
        _as(NEXT_YEAR, "四、下一年度主要安排", 1),
    ),
    REFERENCE_PROBLEMS,
)

# --- the 政府信息公开工作年度报告 (国办公开办函〔2021〕30号): six sections, three tables -----------------
# The tables follow the sections whose key names them (fazhi.reports.tables); the narrative is the
# staff's, with live figures of the disclosure app. Keys starting "disclosure_overview" (一) and
# "disclosure_problems" (五) must have text before approval (fazhi.reports.workflow).

D_PREAMBLE = SectionTemplate(
    "disclosure_preamble",
    "",
    0,
    None,
    (
        "本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
        "（国办公开办函〔2021〕30号）要求编制。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        "本报告电子版可在{county}人民政府门户网站查阅或下载。如对本报告有疑问，请与{town}党政办联系。",
    ),
)
D_OVERVIEW = SectionTemplate("disclosure_overview", "一、总体情况", 1, None)
D_OVERVIEW_PROACTIVE = SectionTemplate(
    "disclosure_overview_proactive",
    "（一）主动公开",
    2,
    None,
    (
        "{year}年，{town}按照基层政务公开标准目录，通过政府网站和政务公开栏等渠道主动公开政府信息"
        "{disclosure.proactive_items}条，公开公示单位工作人员姓名、职务、部门和照片。",
    ),
)
D_OVERVIEW_REQUESTS = SectionTemplate(
    "disclosure_overview_requests",
    "（二）依申请公开",
    2,
    None,
    (
        "全年新收政府信息公开申请{disclosure.t3.r1.c3}件，上年结转{disclosure.t3.r2.c3}件，"
        "办结{disclosure.t3.r3_7.c3}件，其中予以公开{disclosure.t3.r3_1.c3}件、部分公开{disclosure.t3.r3_2.c3}件，"
        "结转下年度继续办理{disclosure.t3.r4.c3}件。",
    ),
)
D_OVERVIEW_MANAGEMENT = SectionTemplate(
    "disclosure_overview_management",
    "（三）政府信息管理",
    2,
    None,
    ("严格落实公开前保密审查制度，及时更新政府信息公开指南和政府信息公开目录。",),
)
D_OVERVIEW_PLATFORM = SectionTemplate(
    "disclosure_overview_platform",
    "（四）平台建设",
    2,
    None,
    ("依托县人民政府门户网站乡镇专栏和镇村两级政务公开栏开展公开，做到内容准确、更新及时。",),
)
D_OVERVIEW_SUPERVISION = SectionTemplate(
    "disclosure_overview_supervision",
    "（五）监督保障",
    2,
    None,
    ("将政务公开工作纳入年度工作考核，明确党政办具体负责政务公开日常工作。",),
)
D_TABLE_TWO = SectionTemplate("disclosure_t2", "二、主动公开政府信息情况", 1, None)
D_TABLE_THREE = SectionTemplate("disclosure_t3", "三、收到和处理政府信息公开申请情况", 1, None)
D_TABLE_FOUR = SectionTemplate("disclosure_t4", "四、政府信息公开行政复议、行政诉讼情况", 1, None)
D_PROBLEMS = SectionTemplate(
    "disclosure_problems",
    "五、存在的主要问题及改进情况",
    1,
    None,
    ("{year}年，我镇政府信息公开工作取得一定成效，但仍存在一些不足。",),
    lists_problems=True,
)
D_OTHER = SectionTemplate(
    "disclosure_other",
    "六、其他需要报告的事项",
    1,
    None,
    (
        "本年度发出信息处理费收费通知{disclosure.s6.fee_notices}件，收费通知金额{disclosure.s6.fee_charged}元，"
        "实际收取信息处理费{disclosure.s6.fee_collected}元。",
    ),
)

DISCLOSURE = Outline(
    "disclosure",
    _("政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）"),
    (
        D_PREAMBLE,
        D_OVERVIEW,
        D_OVERVIEW_PROACTIVE,
        D_OVERVIEW_REQUESTS,
        D_OVERVIEW_MANAGEMENT,
        D_OVERVIEW_PLATFORM,
        D_OVERVIEW_SUPERVISION,
        D_TABLE_TWO,
        D_TABLE_THREE,
        D_TABLE_FOUR,
        D_PROBLEMS,
        D_OTHER,
    ),
    (
        ProblemTemplate(
            "主动公开的深度和广度有待拓展，部分公开内容更新不够及时。",
            "",
            "对照基层政务公开标准目录逐项梳理，落实信息形成或变更之日起20个工作日内公开的要求。",
        ),
        ProblemTemplate(
            "工作人员业务能力有待提高。",
            "",
            "组织党政办和村（居）信息员参加县政务公开业务培训。",
        ),
    ),
)

# The templates a 法治政府建设年度报告 may use (the disclosure report has one, its own).
OUTLINES = {o.code: o for o in (REFERENCE, FIRST_RESPONSIBLE_FIRST)}
OUTLINE_CHOICES = [(o.code, o.label) for o in OUTLINES.values()]
KIND_OUTLINES = {"disclosure": DISCLOSURE}


def get(code: str) -> Outline:
    return OUTLINES.get(code) or KIND_OUTLINES.get(code) or REFERENCE


def for_kind(kind: str, code: str = "reference") -> Outline:
    """The template of a report of `kind`: its own for the disclosure report, else `code`."""
    return KIND_OUTLINES.get(kind) or get(code)
