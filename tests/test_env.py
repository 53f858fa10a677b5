"""Settings read from the environment fail loudly on bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from dahui.env import env_bool, env_int, env_url


def test_bool_accepts_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False


def test_bool_refuses_a_typo_naming_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='ture'"):
        env_bool("X_FLAG", False)


def test_int_refuses_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("X_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_N", 1)
    monkeypatch.setenv("X_N", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("X_N", 1, minimum=0)


def test_database_url_with_an_unknown_scheme_is_refused(monkeypatch):
    monkeypatch.setenv("X_DB", "mysql://root@localhost/x")
    with pytest.raises(ImproperlyConfigured, match="postgres://"):
        env_url("X_DB", schemes=("postgres", "sqlite"))
    monkeypatch.delenv("X_DB")
    assert env_url("X_DB", schemes=("postgres",)) is None
