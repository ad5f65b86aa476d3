"""Petitions figures, declared on the registry (fazhi.core.figures).

The report's unit 例 is 件: a matter with at least one registration at a level dated in the
period's year, each matter counted once per level and year (`Registration.counted`); 进京 is a
registration at the national level, 省 at the provincial one. Visits are counted apart: 批次 (a
matter received as a 走访) and 人次 (its number of persons). The rates follow the issue's
definitions, each numerator a subset of its denominator and placed by the same date.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import COUNT, RATE, SUM, Figure, SourceKind, register
from fazhi.core.filters import figure_link
from fazhi.petitions.filters import MatterFilterSet, ReceptionFilterSet, measures
from fazhi.petitions.models import Level, Matter, Reception, Registration

REPORT = _("湘潭县石鼓镇2021年法治政府建设工作报告三（三）的用语（“进京上访16例”“省信访系统登记50多例”）")
REGULATION = _("信访工作条例（2022）")
SYSTEM = _("本系统口径（依据issue 12的定义）")

LEVEL_CODES = {
    Level.NATIONAL: "petitions.level_national",
    Level.PROVINCE: "petitions.level_province",
    Level.CITY: "petitions.level_city",
    Level.COUNTY: "petitions.level_county",
    Level.TOWN: "petitions.level_town",
}
LEVEL_LABELS = {
    Level.NATIONAL: _("进京访（国家信访局登记）"),
    Level.PROVINCE: _("省级登记"),
    Level.CITY: _("市级登记"),
    Level.COUNTY: _("县级登记"),
    Level.TOWN: _("镇级登记"),
}


def _matters(query=None, year_param="year"):
    return figure_link(MatterFilterSet, "petitions:matter_list", query, year_param=year_param)


M = measures()

for level, code in LEVEL_CODES.items():
    register(
        Figure(
            code,
            LEVEL_LABELS[level],
            _("件"),
            COUNT,
            definition=_(
                "在统计年度内有至少一次该层级信访机构登记的信访事项，每件每年每层级只计一次（例＝件）。"
            ),
            source=REPORT,
            source_kind=SourceKind.REPORT,
            model=Registration,
            date_field="registered_on",
            where=Q(level=level, counted=True),
            link=_matters({"reg_level": level.value}, year_param="reg_year"),
        )
    )

register(
    Figure(
        "petitions.abnormal",
        _("非正常上访"),
        _("次"),
        COUNT,
        definition=_("登记日期在统计期内、登记机构认定为非正常上访的登记记录（每次登记一条）。"),
        source=SYSTEM,
        model=Registration,
        date_field="registered_on",
        where=Q(abnormal=True),
        link=_matters({"abnormal": "true"}),
    ),
    Figure(
        "petitions.received",
        _("信访事项"),
        _("件"),
        COUNT,
        definition=_("收到（登记）日期在统计期内的信访事项，无论是否受理。"),
        source=SYSTEM,
        model=Matter,
        date_field="received_on",
        link=_matters(),
    ),
    Figure(
        "petitions.visit_batches",
        _("来访批次"),
        _("批次"),
        COUNT,
        definition=_("收到日期在统计期内、以走访形式提出的信访事项（每次来访一批次）。"),
        source=SYSTEM,
        model=Matter,
        date_field="received_on",
        where=M["visits"],
        link=_matters({"measure": "visits"}),
    ),
    Figure(
        "petitions.visit_persons",
        _("来访人次"),
        _("人次"),
        SUM,
        definition=_("收到日期在统计期内的走访的来访人数之和。"),
        source=SYSTEM,
        model=Matter,
        date_field="received_on",
        field="persons",
        where=M["visits"],
        link=_matters({"measure": "visits"}),
    ),
    Figure(
        "petitions.collective",
        _("集体访"),
        _("批次"),
        COUNT,
        definition=_("收到日期在统计期内、来访人数达到县定集体访人数（默认5人）的走访。"),
        source=SYSTEM,
        model=Matter,
        date_field="received_on",
        where=M["collective"],
        link=_matters({"measure": "collective"}),
    ),
    Figure(
        "petitions.due_accept",
        _("应受理"),
        _("件"),
        COUNT,
        definition=_("收到日期在统计期内、已作出受理决定（含提出异议）或15日告知期限已届满的信访事项。"),
        source=REGULATION,
        source_kind=SourceKind.STATUTE,
        model=Matter,
        date_field="received_on",
        where=M["due_accept"],
        link=_matters({"measure": "due_accept"}),
    ),
    Figure(
        "petitions.timely_accept",
        _("及时受理"),
        _("件"),
        COUNT,
        definition=_(
            "收到日期在统计期内、在15日内作出受理、不予受理或不再受理决定，或在5个工作日内对转送交办事项提出异议的信访事项。"
        ),
        source=REGULATION,
        source_kind=SourceKind.STATUTE,
        model=Matter,
        date_field="received_on",
        where=M["timely"],
        link=_matters({"measure": "timely"}),
    ),
    Figure(
        "petitions.timely_accept_rate",
        _("及时受理率"),
        "%",
        RATE,
        definition=_("及时受理 ÷ 应受理（同一统计期收到的信访事项）。"),
        source=REGULATION,
        source_kind=SourceKind.STATUTE,
        numerator="petitions.timely_accept",
        denominator="petitions.due_accept",
    ),
    Figure(
        "petitions.closed_in_time",
        _("按期办结"),
        _("件"),
        COUNT,
        definition=_(
            "受理日期在统计期内、有办理期限（申诉求决类，本镇办理）且在期限（含批准的延期）内答复或导入法定途径的信访事项。"
        ),
        source=REGULATION,
        source_kind=SourceKind.STATUTE,
        model=Matter,
        date_field="accepted_on",
        where=M["closed_in_time"],
        link=_matters({"measure": "closed_in_time"}, year_param="accepted_year"),
    ),
    Figure(
        "petitions.due_closed",
        _("应办结"),
        _("件"),
        COUNT,
        definition=_(
            "受理日期在统计期内、有办理期限的信访事项中：已办理完毕（按期或逾期）及期限已过仍未办结的。"
        ),
        source=REGULATION,
        source_kind=SourceKind.STATUTE,
        model=Matter,
        date_field="accepted_on",
        where=M["due_closed"],
        link=_matters({"measure": "due_closed"}, year_param="accepted_year"),
    ),
    Figure(
        "petitions.on_time_rate",
        _("按期办结率"),
        "%",
        RATE,
        definition=_("按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结），同一统计期受理的信访事项。"),
        source=REGULATION,
        source_kind=SourceKind.STATUTE,
        numerator="petitions.closed_in_time",
        denominator="petitions.due_closed",
    ),
    Figure(
        "petitions.answered",
        _("已答复"),
        _("件"),
        COUNT,
        definition=_("答复日期在统计期内的信访事项（出具信访处理意见书）。"),
        source=SYSTEM,
        model=Matter,
        date_field="answered_on",
        where=M["answered"],
        link=_matters({"measure": "answered"}, year_param="answered_year"),
    ),
    Figure(
        "petitions.rated",
        _("参评"),
        _("件"),
        COUNT,
        definition=_("答复日期在统计期内、信访人已作出评价的信访事项。"),
        source=SYSTEM,
        model=Matter,
        date_field="answered_on",
        where=M["rated"],
        link=_matters({"measure": "rated"}, year_param="answered_year"),
    ),
    Figure(
        "petitions.rated_rate",
        _("参评率"),
        "%",
        RATE,
        definition=_("参评 ÷ 已答复（同一统计期）。"),
        source=SYSTEM,
        numerator="petitions.rated",
        denominator="petitions.answered",
    ),
    Figure(
        "petitions.satisfied",
        _("满意（含基本满意）"),
        _("件"),
        COUNT,
        definition=_(
            "答复日期在统计期内、评价为满意或基本满意的信访事项（县规则“满意率是否计入基本满意”默认计入）。"
        ),
        source=SYSTEM,
        model=Matter,
        date_field="answered_on",
        where=M["rated"] & M["satisfied"],
        link=_matters({"measure": "satisfied"}, year_param="answered_year"),
    ),
    Figure(
        "petitions.satisfied_rate",
        _("满意率"),
        "%",
        RATE,
        definition=_("满意（含基本满意）÷ 参评（同一统计期）。"),
        source=SYSTEM,
        numerator="petitions.satisfied",
        denominator="petitions.rated",
    ),
    Figure(
        "petitions.satisfied_only",
        _("满意（不含基本满意）"),
        _("件"),
        COUNT,
        definition=_("答复日期在统计期内、评价为满意的信访事项。"),
        source=SYSTEM,
        model=Matter,
        date_field="answered_on",
        where=M["rated"] & M["satisfied_only"],
        link=_matters({"measure": "satisfied_only"}, year_param="answered_year"),
    ),
    Figure(
        "petitions.satisfied_only_rate",
        _("满意率（仅满意）"),
        "%",
        RATE,
        definition=_("满意 ÷ 参评（同一统计期），供县规则不计入基本满意时使用。"),
        source=SYSTEM,
        numerator="petitions.satisfied_only",
        denominator="petitions.rated",
    ),
    Figure(
        "petitions.repeat",
        _("重复信访"),
        _("件"),
        COUNT,
        definition=_("收到日期在统计期内、经登记时比对为同一信访人的相同或相近诉求的信访事项。"),
        source=SYSTEM,
        model=Matter,
        date_field="received_on",
        where=M["repeat"],
        link=_matters({"measure": "repeat"}),
    ),
    Figure(
        "petitions.repeat_rate",
        _("重复信访率"),
        "%",
        RATE,
        definition=_("重复信访 ÷ 信访事项（同一统计期收到）。"),
        source=SYSTEM,
        numerator="petitions.repeat",
        denominator="petitions.received",
    ),
    Figure(
        "petitions.settled",
        _("在镇化解"),
        _("件"),
        COUNT,
        definition=_("答复日期在统计期内、在本镇化解的信访事项。"),
        source=SYSTEM,
        model=Matter,
        date_field="answered_on",
        where=M["settled"],
        link=_matters({"measure": "settled"}, year_param="answered_year"),
    ),
    Figure(
        "petitions.settled_rate",
        _("在镇化解占比"),
        "%",
        RATE,
        definition=_("在镇化解 ÷ 已答复（同一统计期）。"),
        source=SYSTEM,
        numerator="petitions.settled",
        denominator="petitions.answered",
    ),
    Figure(
        "petitions.backlog",
        _("新增积案"),
        _("件"),
        COUNT,
        definition=_(
            "办理期限（含延期）在统计期内届满、届满时仍未办理完毕的信访事项（县规则“积案认定”默认：超过办理期限未办结即为积案）。"
        ),
        source=_("本系统默认（县积案认定规则未定）"),
        source_kind=SourceKind.SYSTEM,
        model=Matter,
        date_field="handle_due_on",
        where=M["backlog"],
        link=_matters({"measure": "backlog"}, year_param="due_year"),
    ),
    Figure(
        "petitions.backlog_cleared",
        _("积案化解"),
        _("件"),
        COUNT,
        definition=_("办理完毕日期在统计期内、办理完毕时已超过办理期限的信访事项。"),
        source=_("本系统默认（县积案认定规则未定）"),
        source_kind=SourceKind.SYSTEM,
        model=Matter,
        date_field="handled_on",
        where=M["cleared"],
        link=_matters({"measure": "cleared"}, year_param="handled_year"),
    ),
    Figure(
        "petitions.receptions",
        _("领导接访下访"),
        _("次"),
        COUNT,
        definition=_("日期在统计期内的领导接访、约访、下访和包案回访。"),
        source=REGULATION,
        source_kind=SourceKind.STATUTE,
        model=Reception,
        date_field="held_on",
        link=figure_link(ReceptionFilterSet, "petitions:reception_list", year_param="year"),
    ),
    Figure(
        "petitions.reception_persons",
        _("领导接待人次"),
        _("人次"),
        SUM,
        definition=_("日期在统计期内的领导接访下访接待人次之和。"),
        source=REGULATION,
        source_kind=SourceKind.STATUTE,
        model=Reception,
        date_field="held_on",
        field="persons",
        link=figure_link(ReceptionFilterSet, "petitions:reception_list", year_param="year"),
    ),
)

TREND = [LEVEL_CODES[level] for level in (Level.NATIONAL, Level.PROVINCE, Level.CITY, Level.COUNTY)]
