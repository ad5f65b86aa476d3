"""Sample input of every step of a matter (the demo walks its matters with it, the tests too):
kept apart from `testing.py`, which needs pytest, a test tool a demo installation has not."""

from __future__ import annotations

STEP_DEFAULTS = {
    "confirm_repeat": ("petition", {"same_facts": "on"}),
    "accept": ("petition", {"decided_on": "2021-09-06", "responsible_unit": "镇国土所"}),
    "not_accept": (
        "petition",
        {"decided_on": "2021-09-06", "reason": "属于诉讼程序解决的事项", "route_told": "向人民法院提起诉讼"},
    ),
    "not_again": ("petition", {"decided_on": "2021-09-06", "reason": "复核终结后以同一事实和理由再次提出"}),
    "return": ("petition", {"decided_on": "2021-09-03", "reason": "该事项属于县自然资源局职权范围"}),
    "extend": ("leader", {"days": "30", "reason": "涉及多个部门，需进一步调查核实"}),
    "route": (
        "petition",
        {"handled_on": "2021-09-20", "routed_to": "诉讼", "reason": "已告知向人民法院起诉"},
    ),
    "transfer": ("petition", {"handled_on": "2021-09-20", "routed_to": "县纪委监委"}),
    "answer": (
        "petition",
        {
            "answered_on": "2021-10-20",
            "facts": "经调查，信访人反映的宅基地边界问题属实。",
            "decision": "由村委会组织双方按确权图重新确定界址。",
            "legal_basis": "《中华人民共和国土地管理法》第十四条",
            "settled_locally": "on",
        },
    ),
    "report": ("petition", {"report_sent_on": "2021-10-22"}),
    "rate": ("petition", {"satisfaction": "satisfied", "rated_on": "2021-10-25"}),
    "conclude": ("petition", {"concluded_on": "2021-10-28"}),
    "request_review": ("petition", {"requested_on": "2021-11-10", "body": "湘潭县人民政府"}),
    "review_result": ("petition", {"result": "upheld", "decided_on": "2021-12-05"}),
    "request_re_review": ("petition", {"requested_on": "2021-12-20", "body": "湘潭市人民政府"}),
    "re_review_result": ("petition", {"result": "upheld", "decided_on": "2022-01-15"}),
}
