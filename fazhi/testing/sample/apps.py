from django.apps import AppConfig


class SampleConfig(AppConfig):
    """A tiny domain app installed only under the test settings, to test core's mechanisms
    (workflow, scoping, ledger, rules) apart from any real app."""

    name = "fazhi.testing.sample"
    label = "sample"

    def ready(self):
        from fazhi.core import rules

        # the rule the rules page and the authorization matrix use (fazhi.core.rules)
        rules.declare(
            "sample.reply_period",
            "示例答复期限",
            rules.PERIOD,
            {"length": 15, "unit": "working_days"},
            "示例条例 第十条",
        )
