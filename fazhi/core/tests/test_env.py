"""Settings come from environment variables and a bad value stops start-up, naming it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from fazhi.env import env_bool, env_choice, env_int, env_list


def test_it_reads_typed_values(monkeypatch):
    monkeypatch.setenv("FAZHI_T_BOOL", "yes")
    monkeypatch.setenv("FAZHI_T_INT", "42")
    monkeypatch.setenv("FAZHI_T_LIST", "a.gov.cn, b.gov.cn,")
    assert env_bool("FAZHI_T_BOOL") is True
    assert env_int("FAZHI_T_INT", 0) == 42
    assert env_list("FAZHI_T_LIST", []) == ["a.gov.cn", "b.gov.cn"]
    assert env_int("FAZHI_T_UNSET", 7) == 7


@pytest.mark.parametrize(
    ("reader", "raw"),
    [
        (lambda: env_bool("FAZHI_T_BAD"), "perhaps"),
        (lambda: env_int("FAZHI_T_BAD", 1), "ten"),
        (lambda: env_choice("FAZHI_T_BAD", "sm3", ("sm3", "sha256")), "md5"),
    ],
)
def test_it_fails_loudly_on_a_bad_value_naming_the_variable(monkeypatch, reader, raw):
    monkeypatch.setenv("FAZHI_T_BAD", raw)
    with pytest.raises(ImproperlyConfigured, match="FAZHI_T_BAD"):
        reader()
