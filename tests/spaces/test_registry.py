"""The component registry: typed settings, their validation, and registering types."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tenant_apps.spaces.registry import (
    ComponentRegistry,
    ComponentType,
    Setting,
    clean_settings,
    registry,
)

FLAG = Setting("enabled", "bool", False)
COUNT = Setting("count", "int", 10, minimum=1, maximum=50)
TEXT = Setting("intro", "text", "", max_length=20)
COLOUR = Setting("colour", "choice", "red", choices=(("red", "Red"), ("green", "Green")))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def codes(error: ValidationError) -> list[str | None]:
    return [item.code for item in error.error_list]


# --- Setting.clean ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [(True, True), (False, False), ("on", True), ("true", True), ("1", True), (1, True),
     ("off", False), ("false", False), ("0", False), (0, False), ("", False), (None, False)],
)  # fmt: skip
def test_a_bool_setting_accepts_what_forms_and_json_send(given, expected):
    assert FLAG.clean(given) is expected


@pytest.mark.parametrize("given", ["yes", "maybe", 2, -1, [], {}, "True"])
def test_a_bool_setting_refuses_anything_else(given):
    with pytest.raises(ValidationError) as caught:
        FLAG.clean(given)
    assert codes(caught.value) == ["bool"]


@pytest.mark.parametrize(("given", "expected"), [(5, 5), ("7", 7), (" 12 ", 12), (3.0, 3)])
def test_an_int_setting_returns_an_int(given, expected):
    cleaned = COUNT.clean(given)
    assert cleaned == expected
    assert type(cleaned) is int


@pytest.mark.parametrize("given", ["many", "1.5", 1.5, "", None, [], True, False])
def test_an_int_setting_refuses_words_fractions_and_bools(given):
    with pytest.raises(ValidationError) as caught:
        COUNT.clean(given)
    assert codes(caught.value) == ["int"]
    assert "whole number" in caught.value.messages[0]


def test_an_int_setting_enforces_its_bounds_and_names_the_limit():
    assert COUNT.clean(1) == 1
    assert COUNT.clean(50) == 50
    with pytest.raises(ValidationError) as low:
        COUNT.clean(0)
    assert codes(low.value) == ["min"]
    assert "1" in low.value.messages[0]
    with pytest.raises(ValidationError) as high:
        COUNT.clean("51")
    assert codes(high.value) == ["max"]
    assert "50" in high.value.messages[0]


def test_an_int_setting_refuses_infinity_with_a_validation_error():
    with pytest.raises(ValidationError):
        COUNT.clean(float("inf"))


def test_a_text_setting_strips_and_limits_its_length():
    assert TEXT.clean("  hej  ") == "hej"
    assert TEXT.clean("x" * 20) == "x" * 20
    with pytest.raises(ValidationError) as long:
        TEXT.clean("x" * 21)
    assert codes(long.value) == ["length"]
    assert "20" in long.value.messages[0]


@pytest.mark.parametrize("given", [None, 5, True, ["a"], {"a": 1}])
def test_a_text_setting_refuses_what_is_not_text(given):
    with pytest.raises(ValidationError) as caught:
        TEXT.clean(given)
    assert codes(caught.value) == ["text"]


def test_a_choice_setting_accepts_only_its_values_and_lists_them():
    assert COLOUR.clean("green") == "green"
    with pytest.raises(ValidationError) as caught:
        COLOUR.clean("blue")
    assert codes(caught.value) == ["choice"]
    assert "red, green" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        COLOUR.clean("Red")  # the label is not a value


def test_a_setting_declaration_is_checked_when_made():
    with pytest.raises(ValueError, match="unknown kind"):
        Setting("x", "float", 1.0)
    with pytest.raises(ValueError, match="not one of the choices"):
        Setting("x", "choice", "blue", choices=(("red", "Red"),))


# --- clean_settings -----------------------------------------------------------------


def test_clean_settings_fills_defaults_for_missing_names():
    assert clean_settings([FLAG, COUNT, TEXT, COLOUR], {"count": "3"}) == {
        "enabled": False,
        "count": 3,
        "intro": "",
        "colour": "red",
    }


def test_clean_settings_refuses_a_name_that_is_not_declared():
    with pytest.raises(ValidationError) as caught:
        clean_settings([FLAG], {"enabled": True, "secret_flag": True})
    assert set(caught.value.message_dict) == {"secret_flag"}
    assert caught.value.error_dict["secret_flag"][0].code == "unknown"


def test_clean_settings_names_every_bad_field_in_one_error():
    with pytest.raises(ValidationError) as caught:
        clean_settings(
            [FLAG, COUNT, TEXT, COLOUR],
            {"enabled": "perhaps", "count": "many", "intro": "ok", "colour": "blue", "x": 1},
        )
    errors = caught.value.error_dict
    assert set(errors) == {"enabled", "count", "colour", "x"}
    assert [errors[name][0].code for name in ("enabled", "count", "colour", "x")] == [
        "bool",
        "int",
        "choice",
        "unknown",
    ]


def test_component_type_cleans_global_and_phase_settings_separately():
    news = registry.get("news")
    assert news.clean_settings({}) == {"posts_per_page": 10}
    with pytest.raises(ValidationError) as caught:
        news.clean_settings({"announcement_sv": "hej"})  # a phase setting, not a global one
    assert set(caught.value.message_dict) == {"announcement_sv"}
    assert news.clean_phase_settings({"announcement_sv": " Nu! "}) == {
        "announcement_sv": "Nu!",
        "announcement_en": "",
    }


# --- registering types --------------------------------------------------------------


def votes_type(**fields):
    fields.setdefault("name", "votes")
    fields.setdefault("label", "Votes")
    fields.setdefault("phase_settings", (Setting("votes_enabled", "bool", False),))
    fields.setdefault("actions", {"vote": "votes_enabled", "comment": None})
    return ComponentType(**fields)


def test_it_registers_a_type_and_finds_it_by_name():
    local = ComponentRegistry()
    registered = local.register(votes_type())
    assert local.get("votes") is registered
    assert "votes" in local
    assert "votes" not in registry
    assert local.choices() == [("votes", "Votes")]


def test_it_refuses_to_register_the_same_name_twice():
    local = ComponentRegistry()
    local.register(votes_type())
    with pytest.raises(ValueError, match="already registered"):
        local.register(votes_type(label="Other votes"))
    assert local.get("votes").label == "Votes"


def test_it_refuses_an_action_gated_by_an_undeclared_phase_setting():
    local = ComponentRegistry()
    with pytest.raises(ValueError, match="'vote' must be gated by a bool phase setting"):
        local.register(votes_type(actions={"vote": "voting_open"}))
    # A global setting of that name is not a phase setting either.
    with pytest.raises(ValueError, match="must be gated by a bool phase setting"):
        local.register(
            votes_type(
                settings=(Setting("voting_open", "bool", True),),
                actions={"vote": "voting_open"},
            )
        )
    # Nor is a phase setting of another kind.
    with pytest.raises(ValueError, match="must be gated by a bool phase setting"):
        local.register(
            votes_type(
                phase_settings=(Setting("voting_open", "int", 0),),
                actions={"vote": "voting_open"},
            )
        )
    assert "votes" not in local


def test_unregister_removes_a_type_and_get_of_an_unknown_name_raises_lookup_error():
    local = ComponentRegistry()
    local.register(votes_type())
    local.unregister("votes")
    local.unregister("votes")  # idempotent
    with pytest.raises(LookupError, match="no component type 'votes'"):
        local.get("votes")
    with pytest.raises(LookupError):
        registry.get("no-such-type")


def test_pages_and_news_are_registered():
    names = [component_type.name for component_type in registry.all()]
    assert {"pages", "news"} <= set(names)
    assert names == sorted(names)
    pages = registry.get("pages")
    assert pages.on_create is not None
    assert pages.export_design is not None and pages.import_design is not None
    assert pages.urls == "tenant_apps.pages.urls"
    assert [s.name for s in pages.phase_settings] == ["announcement_sv", "announcement_en"]
    news = registry.get("news")
    assert news.urls == "tenant_apps.news.urls"
    assert [(s.name, s.kind, s.default) for s in news.settings] == [("posts_per_page", "int", 10)]
