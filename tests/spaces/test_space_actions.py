"""Space and component actions: permission, one transaction, the action log and the
portal catalog kept equal to what is published."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.actionlog.actions import log_action
from tenant_apps.actionlog.models import Action
from tenant_apps.spaces.actions import (
    add_component,
    create_process,
    delete_component,
    move_component,
    rotate_preview_link,
    set_component_published,
    set_space_published,
    update_component,
    update_process,
)
from tenant_apps.spaces.models import Component, Process
from tests.conftest import make_user
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db

START = date(2030, 1, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def process_data(**overrides):
    data = {
        "slug": "parken",
        "title_sv": "Parken",
        "title_en": "The park",
        "summary_sv": "Vad vill du ha i parken?",
        "starts": START,
        "ends": START + timedelta(days=59),
    }
    return data | overrides


# --- creating and changing processes -----------------------------------------------


def test_it_creates_updates_and_rotates_the_preview_link_of_a_process_with_a_log(tenant_a, bob):
    area = Area.objects.create(slug="hisingen", name_sv="Hisingen")
    with schema_context(tenant_a.schema_name):
        process = create_process(by=bob, data=process_data(), areas=[area])
        stored = Process.objects.get(slug="parken")
        assert stored.pk == process.pk
        assert not stored.published
        assert stored.phase_mode == Process.PhaseMode.DATES
        assert list(stored.areas.values_list("slug", flat=True)) == ["hisingen"]
        action = Action.objects.get(verb="process.created")
        assert action.actor == bob
        assert action.target == "parken"
        assert action.data["after"]["title_sv"] == "Parken"
        assert action.data["after"]["starts"] == "2030-01-01"

        # A change is logged with before and after of what changed, nothing else.
        update_process(
            process,
            by=bob,
            data={"title_sv": "Nya parken", "title_en": "The park", "promoted": True},
        )
        assert Process.objects.get(pk=process.pk).title_sv == "Nya parken"
        updated = Action.objects.get(verb="process.updated")
        assert updated.actor == bob
        assert updated.data["changes"] == {
            "title_sv": ["Parken", "Nya parken"],
            "promoted": [False, True],
        }

        # A new preview link replaces the old one.
        old_token = Process.objects.get(pk=process.pk).preview_token
        new_token = rotate_preview_link(process, by=bob)
        assert new_token != old_token and len(new_token) >= 20
        assert Process.objects.get(pk=process.pk).preview_token == new_token
        assert Action.objects.filter(verb="process.preview_link_rotated").count() == 1
    assert not CatalogEntry.objects.exists()


def test_residents_and_outsiders_get_404_from_process_actions(tenant_a, bob, alice, charlie):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, published=False)
        for user in (alice, charlie):
            with pytest.raises(Http404):
                create_process(by=user, data=process_data(slug="annan"))
            with pytest.raises(Http404):
                update_process(process, by=user, data={"title_sv": "Kapad"})
            with pytest.raises(Http404):
                set_space_published(process, True, by=user)
            with pytest.raises(Http404):
                rotate_preview_link(process, by=user)
            with pytest.raises(Http404):
                add_component(process, by=user, type="pages", name_sv="Sida")
        process.refresh_from_db()
        assert (process.title_sv, process.published) == ("Process parken", False)
        assert not Process.objects.filter(slug="annan").exists()
        assert not Component.objects.exists()
        assert not Action.objects.filter(actor__in=[alice, charlie]).exists()
    assert not CatalogEntry.objects.exists()


def test_update_process_refuses_unsafe_html_or_dates_outside_its_phases_and_changes_nothing(
    tenant_a, bob
):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=60, phases=2, description_sv="<p>Gammal</p>")
        with pytest.raises(ValidationError) as unsafe:
            update_process(
                process,
                by=bob,
                data={"title_sv": "Ny titel", "description_sv": "<p>Hej</p><script>x()</script>"},
            )
        assert set(unsafe.value.message_dict) == {"description_sv"}
        assert "<script>" in unsafe.value.message_dict["description_sv"][0]

        with pytest.raises(ValidationError) as outside:
            update_process(
                process, by=bob, data={"title_sv": "Kortare", "ends": START + timedelta(days=40)}
            )
        assert "Fas 2" in outside.value.messages[0]

        with pytest.raises(ValidationError) as inverted:
            update_process(process, by=bob, data={"ends": START - timedelta(days=1)})
        assert "ends" in inverted.value.message_dict

        stored = Process.objects.get(pk=process.pk)
        assert (stored.title_sv, stored.description_sv, stored.ends) == (
            "Process parken", "<p>Gammal</p>", START + timedelta(days=59)
        )  # fmt: skip
        assert not Action.objects.filter(verb="process.updated").exists()


# --- publishing and the catalog -----------------------------------------------------


def test_publishing_writes_one_catalog_row_with_the_process_details(tenant_a, bob):
    north = Area.objects.create(slug="norr", name_sv="Norr")
    Area.objects.create(slug="syd", name_sv="Söder")
    parks = Category.objects.create(slug="parker", name_sv="Parker")
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=60, phases=2, published=False,
                               title_en="The park", summary_en="What do you want?")  # fmt: skip
        process.areas.set([north])
        process.categories.set([parks])
        set_space_published(process, True, by=bob)
        stored = Process.objects.get(pk=process.pk)
        assert stored.published and stored.published_at is not None
        assert Action.objects.filter(verb="process.published", target="parken").count() == 1

    entry = CatalogEntry.objects.get(tenant=tenant_a)
    assert entry.kind == CatalogEntry.Kind.PROCESS
    assert entry.key == entry.space_key == f"process:{process.pk}"
    assert (entry.title_sv, entry.title_en) == ("Process parken", "The park")
    assert (entry.summary_sv, entry.summary_en) == ("Sammanfattning parken", "What do you want?")
    assert (entry.phase_sv, entry.phase_en) == ("Fas 1", "Phase 1")
    assert (entry.starts, entry.ends) == (START, START + timedelta(days=59))
    assert (entry.phase_starts, entry.phase_ends) == (START, START + timedelta(days=29))
    assert entry.areas == ["norr"]
    assert entry.categories == ["parker"]
    assert entry.path == "/processes/parken/"
    assert entry.search_vector is not None

    with schema_context(tenant_a.schema_name):  # publishing again changes nothing
        set_space_published(process, True, by=bob)
        assert Action.objects.filter(verb="process.published").count() == 1
    assert CatalogEntry.objects.get(tenant=tenant_a).pk == entry.pk

    culture = Category.objects.create(slug="kultur", name_sv="Kultur")
    with schema_context(tenant_a.schema_name):  # changing it changes the row
        update_process(process, by=bob, data={"title_sv": "Parken 2.0"}, categories=[culture])
    entry = CatalogEntry.objects.get(tenant=tenant_a)
    assert (entry.title_sv, entry.categories, entry.areas) == ("Parken 2.0", ["kultur"], ["norr"])


def test_unpublishing_removes_the_space_rows_and_a_process_needs_phases_to_publish(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        park = make_process("parken", starts=START, published=False)
        square = make_process("torget", starts=START, published=False)
        set_space_published(park, True, by=bob)
        set_space_published(square, True, by=bob)
        assert CatalogEntry.objects.filter(tenant=tenant_a).count() == 2

        set_space_published(park, False, by=bob)

        assert not Process.objects.get(pk=park.pk).published
        assert Action.objects.filter(verb="process.unpublished", target="parken").exists()
    assert list(CatalogEntry.objects.values_list("path", flat=True)) == ["/processes/torget/"]

    with schema_context(tenant_a.schema_name):  # a process without phases stays a draft
        empty = make_process("tom", starts=START, phases=0, published=False)
        with pytest.raises(ValidationError, match="at least one phase"):
            set_space_published(empty, True, by=bob)
        assert not Process.objects.get(pk=empty.pk).published
        assert not Action.objects.filter(verb="process.published", target="tom").exists()
    assert CatalogEntry.objects.count() == 1


def test_the_catalog_row_rolls_back_with_the_publishing_transaction(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, published=False)
        with pytest.raises(RuntimeError, match="later step failed"), transaction.atomic():
            set_space_published(process, True, by=bob)
            assert CatalogEntry.objects.filter(tenant=tenant_a).count() == 1
            raise RuntimeError("a later step failed")
        assert not Process.objects.get(pk=process.pk).published
        assert not Action.objects.filter(verb="process.published").exists()
    assert not CatalogEntry.objects.exists()


def test_news_and_pages_components_add_no_catalog_rows_of_their_own(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, published=False)
        set_space_published(process, True, by=bob)
        process = Process.objects.get(pk=process.pk)  # as the next request loads it
        news = add_component(process, by=bob, type="news", name_sv="Nyheter")
        set_component_published(news, True, by=bob)
        pages = add_component(process, by=bob, type="pages", name_sv="Om")
        set_component_published(pages, True, by=bob)
        update_component(pages, by=bob, name_sv="Om processen")
        assert process.components.filter(published=True).count() == 2
    rows = CatalogEntry.objects.filter(tenant=tenant_a)
    assert [(row.kind, row.key) for row in rows] == [("process", f"process:{process.pk}")]


def test_a_component_change_does_not_put_an_unpublished_process_back_in_the_catalog(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, published=False)
        make_component(process, "news", published=True)
        set_space_published(process, True, by=bob)
        # Admin 1 opens the component (its space loaded with it, published)...
        component = Component.objects.select_related("process").get(process=process)
        # ...admin 2 unpublishes the process...
        set_space_published(Process.objects.get(pk=process.pk), False, by=bob)
        assert not CatalogEntry.objects.filter(tenant=tenant_a).exists()
        # ...and admin 1 hides the component.
        set_component_published(component, False, by=bob)
        assert not Process.objects.get(pk=process.pk).published
    assert not CatalogEntry.objects.filter(tenant=tenant_a).exists()


def test_the_action_log_refuses_updates_and_deletes_but_allows_clearing_the_actor(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        action = log_action(bob, "process.updated", target="parken", changes={"a": [1, 2]})
        rows = Action.objects.filter(pk=action.pk)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.update(verb="x")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.update(data={"changes": {}})
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.delete()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.update(actor=None, target="elsewhere")  # anonymising does not hide an edit
        stored = Action.objects.get(pk=action.pk)
        assert (stored.verb, stored.target) == ("process.updated", "parken")
        assert stored.actor_id == bob.pk
        assert stored.data == {"changes": {"a": [1, 2]}}

        # Handing the entry to someone else is an edit too; clearing the actor alone (an
        # account being anonymised) is the one change allowed.
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.update(actor=make_user("dora@example.org", "Dora Dahl"))
        assert rows.update(actor=None) == 1
        stored = Action.objects.get(pk=action.pk)
        assert stored.actor_id is None
        assert (stored.verb, stored.target) == ("process.updated", "parken")
        assert stored.data == {"changes": {"a": [1, 2]}}


# --- components ---------------------------------------------------------------------


def test_add_component_adds_a_hidden_component_of_a_known_type_at_the_end(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START)
        first = add_component(process, by=bob, type="pages", name_sv="Om")
        second = add_component(process, by=bob, type="news", name_sv="Nyheter")
        assert [(c.pk, c.position) for c in process.components.all()] == [
            (first.pk, 0),
            (second.pk, 1),
        ]
        assert not second.published
        assert second.settings == {"posts_per_page": 10}
        assert first.page.body_sv == ""  # the type's on_create ran
        with pytest.raises(ValidationError):
            add_component(
                process, by=bob, type="news", name_sv="Fler", settings={"posts_per_page": 0}
            )
        assert process.components.count() == 2

        with pytest.raises(ValidationError) as caught:
            add_component(process, by=bob, type="teleport", name_sv="Teleport")
        assert set(caught.value.message_dict) == {"type"}
        assert "teleport" in caught.value.message_dict["type"][0]
        assert process.components.count() == 2
        assert Action.objects.filter(verb="component.added").count() == 2


def test_update_component_refuses_wrong_settings_or_foreign_phases_and_saves_nothing(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START)
        news = add_component(process, by=bob, type="news", name_sv="Nyheter")
        with pytest.raises(ValidationError) as caught:
            update_component(news, by=bob, name_sv="Ändrat", settings={"posts_per_page": "many"})
        assert set(caught.value.message_dict) == {"posts_per_page"}
        with pytest.raises(ValidationError):
            update_component(news, by=bob, settings={"posts_per_page": 1.5})
        with pytest.raises(ValidationError):
            update_component(news, by=bob, settings={"colour": "red"})

        # Phase settings only for this process's own phases, and only declared ones.
        foreign = make_process("torget", starts=START).phases.get(position=0)
        with pytest.raises(ValidationError, match="not part of this process"):
            update_component(
                news,
                by=bob,
                name_sv="Ändrat",
                phase_settings={str(foreign.pk): {"announcement_sv": "Hej"}},
            )
        with pytest.raises(ValidationError):
            update_component(
                news,
                by=bob,
                phase_settings={str(process.phases.get(position=0).pk): {"votes": True}},
            )

        stored = Component.objects.get(pk=news.pk)
        assert (stored.name_sv, stored.settings) == ("Nyheter", {"posts_per_page": 10})
        assert stored.phase_settings == {}
        assert not Action.objects.filter(verb="component.updated").exists()


def test_update_component_saves_settings_and_phase_settings(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, phases=2)
        second = process.phases.get(position=1)
        news = add_component(process, by=bob, type="news", name_sv="Nyheter")
        update_component(
            news,
            by=bob,
            settings={"posts_per_page": "20"},
            phase_settings={str(second.pk): {"announcement_sv": " Rösta nu! "}},
        )
        stored = Component.objects.get(pk=news.pk)
        assert stored.settings == {"posts_per_page": 20}
        assert stored.phase_settings == {
            str(second.pk): {"announcement_sv": "Rösta nu!", "announcement_en": ""}
        }
        assert stored.current_settings(second)["announcement_sv"] == "Rösta nu!"
        assert stored.current_settings()["announcement_sv"] == ""  # phase 1 is active
        changes = Action.objects.get(verb="component.updated").data["changes"]
        assert set(changes) == {"settings", "phase_settings"}


def test_delete_component_refuses_a_published_one(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START)
        shown = make_component(process, "pages", published=True)
        with pytest.raises(ValidationError, match="Hide the component"):
            delete_component(shown, by=bob)
        assert Component.objects.filter(pk=shown.pk).exists()

        set_component_published(shown, False, by=bob)
        delete_component(shown, by=bob)
        assert not Component.objects.filter(pk=shown.pk).exists()
        assert Action.objects.filter(verb="component.deleted").count() == 1


def test_move_component_reorders(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START)
        a = make_component(process, "pages", name_sv="A")
        b = make_component(process, "news", name_sv="B")
        c = make_component(process, "pages", name_sv="C")

        def order():
            return list(process.components.order_by("position").values_list("name_sv", flat=True))

        move_component(c, -1, by=bob)
        assert order() == ["A", "C", "B"]
        move_component(a, +1, by=bob)
        assert order() == ["C", "A", "B"]
        move_component(Component.objects.get(pk=b.pk), +1, by=bob)  # already last
        assert order() == ["C", "A", "B"]
        assert list(process.components.values_list("position", flat=True)) == [0, 1, 2]
        assert Action.objects.filter(verb="component.moved").count() == 2
