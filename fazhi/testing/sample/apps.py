from django.apps import AppConfig


class SampleConfig(AppConfig):
    """A tiny domain app installed only under the test settings, to test core's mechanisms
    (workflow, scoping, ledger) apart from any real app."""

    name = "fazhi.testing.sample"
    label = "sample"
