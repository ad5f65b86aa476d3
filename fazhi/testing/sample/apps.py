from django.apps import AppConfig


class SampleConfig(AppConfig):
    """A tiny domain app installed only under the test settings, to test core's mechanisms
    (workflow, scoping, ledger, rules) apart from any real app."""

    name = "fazhi.testing.sample"
    label = "sample"

    def ready(self):
        from fazhi.core import links, rules

        # what the assignment pages and the matrix give: a matter to a legal adviser for an opinion
        links.declare_purpose(
            "sample.opinion", "出具法律意见", roles=("legal_adviser",), models=("sample.matter",)
        )

        # the rule the rules page and the authorization matrix use (fazhi.core.rules)
        rules.declare(
            "sample.reply_period",
            "示例答复期限",
            rules.PERIOD,
            {"length": 15, "unit": "working_days"},
            "示例条例 第十条",
        )
