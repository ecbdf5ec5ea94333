"""Test set-up shared by the whole suite: fast tenants, personas, a real Celery worker,
an SMTP sink and Chromium.

Tenants are cheap: a template schema is migrated once per session and every tenant a
test creates is cloned from it inside the test's transaction (rolled back afterwards),
or, for browser tests that need committed data, dropped again at teardown.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test.utils import override_settings

# Playwright's sync API keeps an asyncio loop in the main thread; Django would then refuse
# ORM calls from test code. The tests never share a connection with that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from config.celery import app as celery_app
from shared_apps.accounts.models import Membership, User
from tenants.actions import ensure_public_tenant, onboard_tenant
from tenants.models import Tenant
from tenants.roles import grant_role
from tenants.routing import forget_hosts
from tenants.schemas import ensure_template_schema

TEMPLATE_SCHEMA = "tenant_template"
TEST_QUEUE = "torget-test"
PASSWORD = "correct-horse-battery"
REPO = Path(__file__).resolve().parent.parent

# A `make run` worker may share the Redis server; a queue of our own keeps it from
# picking up the suite's tasks (and our worker from picking up its tasks).
celery_app.conf.task_default_queue = TEST_QUEUE


def _redis_url_with_db(number: int) -> str:
    parts = urlsplit(os.environ["REDIS_URL"])
    return urlunsplit(parts._replace(path=f"/{number}"))


# The cache gets a Redis database of its own, emptied before every test, so rate limits
# and cached pages never carry from one test to the next (or from `make run`).
TEST_CACHE_DB = 9
# Private files (data exports) of the suite and of its Celery worker.
TEST_PRIVATE_MEDIA = REPO / ".local" / "test-private-media"
# Uploaded and generated files (open-data archives) of the suite and of its worker.
TEST_MEDIA = REPO / ".local" / "test-media"


@pytest.fixture(scope="session", autouse=True)
def _test_settings() -> Iterator[None]:
    with override_settings(
        CACHES={
            alias: {**config, "LOCATION": _redis_url_with_db(TEST_CACHE_DB)}
            for alias, config in settings.CACHES.items()
        },
        PLATFORM_DOMAIN="localhost",
        PORTAL_URL="",
        TENANT_BASE_SCHEMA=TEMPLATE_SCHEMA,
        TENANT_CREATION_FAKES_MIGRATIONS=True,
        # Onboarding's own queue is the suite's queue, which the test worker consumes.
        CELERY_PROVISIONING_QUEUE=TEST_QUEUE,
        MEDIA_ROOT=str(TEST_MEDIA),
        PRIVATE_MEDIA_ROOT=str(TEST_PRIVATE_MEDIA),
        # pytest-django swaps in the in-memory backend; Torget's tests send real SMTP.
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        # Hashing passwords at production strength would dominate the suite's time.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Migrate the template schema once; every test tenant is cloned from it.

    It is made afresh: a kept test database may hold one from older migrations.
    """
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {TEMPLATE_SCHEMA} CASCADE")
        ensure_template_schema()


@pytest.fixture(autouse=True)
def _public_schema_first() -> Iterator[None]:
    """Start every test in the public schema with an empty cache, whatever ran before
    (hosts remembered for routing too: a rolled-back tenant change must not linger)."""
    cache.clear()
    forget_hosts()
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


# Committed data for tests that a second process (live server, Celery worker) must see.
# Naming the apps makes the flush after each test cascade: tenant tables (in the template
# schema) hold foreign keys to public tables, which plain TRUNCATE refuses.
LIVE_DB = pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))


# --- tenants ------------------------------------------------------------------------


@pytest.fixture
def portal(db: None) -> Tenant:
    """Return the public tenant that serves the portal at `localhost`."""
    return ensure_public_tenant()


@pytest.fixture
def make_tenant(portal: Tenant) -> Iterator[Callable[..., Tenant]]:
    """Return a function that onboards a tenant (cloned schema, slug.localhost domain)."""
    created: list[Tenant] = []

    def factory(slug: str, **fields: Any) -> Tenant:
        fields.setdefault("name_sv", f"Förvaltning {slug}")
        fields.setdefault("name_en", f"Administration {slug}")
        tenant = onboard_tenant(slug=slug, **fields)
        created.append(tenant)
        return tenant

    yield factory
    if not connection.in_atomic_block:
        # Committed schemas outlive the test's flush of public tables; drop them here.
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            for tenant in created:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')


@pytest.fixture
def tenant_a(make_tenant: Callable[..., Tenant]) -> Tenant:
    return make_tenant("alfa", primary_color="#7a2048", contact_email="kontakt@alfa.example")


@pytest.fixture
def tenant_b(make_tenant: Callable[..., Tenant]) -> Tenant:
    return make_tenant("beta", primary_color="#1f5f3a")


@contextmanager
def tenant_for_module(django_db_blocker: Any) -> Iterator[Tenant]:
    """Onboard tenant A ("alfa") once for a whole test module, for modules with many
    small tests (cloning a schema per test would dominate their time).

    Use it in a module-scoped fixture named `tenant_a`, which then replaces the
    per-test one. It lives in a transaction rolled back after the module; each test runs
    in a savepoint inside it (pytest-django's `db`), so a test's rows are gone before the
    next test starts.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_public_tenant()
        tenant = onboard_tenant(
            slug="alfa",
            name_sv="Förvaltning alfa",
            name_en="Administration alfa",
            primary_color="#7a2048",
            contact_email="kontakt@alfa.example",
        )
        try:
            yield tenant
        finally:
            transaction.set_rollback(True)
            connection.set_schema_to_public()


def host_of(tenant: Tenant) -> str:
    """Return the tenant's primary host name in tests."""
    return f"{tenant.slug}.localhost"


# --- personas -----------------------------------------------------------------------


def make_user(email: str, display_name: str, *, verified: bool = True, **extra: Any) -> User:
    """Create an account that can sign in (a verified primary e-mail unless told not)."""
    user = User.objects.create_user(email, PASSWORD, display_name=display_name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


# Staff need two-factor authentication (shared_apps/accounts/staff.py). Staff personas
# have an authenticator app with a known secret; `sign_in_with_two_factor` gives a test
# client the session a real sign-in with password and app code leaves behind.


def sign_in(client: Any, user: User) -> None:
    """Sign in as a real sign-in ends: with the two-factor step exactly when the user has
    an authenticator app (that is when allauth asks for a code)."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        sign_in_with_two_factor(client, user)
    else:
        client.force_login(user)


# Fixed per persona so a failing test can be replayed in an app.
TOTP_SECRETS = {
    "bob@example.org": "MJXWEQTPMJBGK4TH",
    "charlie@example.org": "MNUGC4TMNFSUGYLS",
}


def activate_totp(user: User, secret: str | None = None) -> str:
    """Give the user an authenticator app and recovery codes; return the app's secret."""
    secret = secret or TOTP_SECRETS.get(user.email) or "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str, *, at: float | None = None) -> str:
    """Return the code an authenticator app with this secret shows at time `at` (now)."""
    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment // mfa_settings.TOTP_PERIOD)))


def sign_in_with_two_factor(client: Any, user: User) -> None:
    """Sign the client in as after password and authenticator code (what allauth records).

    Like `force_login`, this skips the forms; tests of the forms themselves sign in
    through them (tests/accounts/test_two_factor.py).
    """
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": totp.pk, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


@pytest.fixture
def alice(portal: Tenant) -> User:
    """A resident with no staff role anywhere (and no two-factor authentication)."""
    return make_user("alice@example.org", "Alice Andersson")


@pytest.fixture
def bob(tenant_a: Tenant) -> User:
    """The admin of tenant A, with an authenticator app (TOTP_SECRETS)."""
    user = make_user("bob@example.org", "Bob Berg")
    grant_role(tenant_a, user, Membership.Role.ADMIN)
    activate_totp(user)
    return user


@pytest.fixture
def charlie(tenant_b: Tenant) -> User:
    """The outsider: admin of tenant B, nothing in tenant A; has an authenticator app."""
    user = make_user("charlie@example.org", "Charlie Carlsson")
    grant_role(tenant_b, user, Membership.Role.ADMIN)
    activate_totp(user)
    return user


# --- SMTP sink and a real Celery worker --------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def mail_sink() -> Iterator[Any]:
    """Start an SMTP server in this process; yield its handler with `.messages`."""
    from aiosmtpd.controller import Controller

    from devstack.smtp_sink import MailSink

    handler = MailSink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


def wait_for_mail(sink: Any, to: str, timeout: float = 30.0) -> Any:
    """Return the newest message to `to`, waiting for the worker to send it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(sink.messages):
            if to in message.get("To", ""):
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to} within {timeout}s")


def _test_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture(scope="session")
def celery_worker(django_db_setup: None, mail_sink: Any) -> Iterator[subprocess.Popen[bytes]]:
    """Run a real Celery worker process on the test database, broker and SMTP sink."""
    celery_app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_QUEUE": TEST_QUEUE,
        # The suite's cache database, as in this process (the mail delivery kick lives
        # there), while the broker stays where this process publishes.
        "REDIS_URL": _redis_url_with_db(TEST_CACHE_DB),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_sink.port),
        "PLATFORM_DOMAIN": "localhost",
        "PRIVATE_MEDIA_ROOT": str(TEST_PRIVATE_MEDIA),
        "MEDIA_ROOT": str(TEST_MEDIA),
    }
    (REPO / ".local").mkdir(exist_ok=True)
    log = open(REPO / ".local" / "test-worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            TEST_QUEUE,
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(
            timeout=0.5, destination=[f"test-{os.getpid()}@{socket.gethostname()}"]
        ):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start; see .local/test-worker.log")
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        log.close()


# --- Chromium -----------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Custom domains used by the tests resolve to this machine.
    "--host-resolver-rules=MAP *.test 127.0.0.1",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Launch Debian's Chromium once per session (fail, not skip, in CI)."""
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium is missing at {CHROMIUM}: browser tests cannot run. "
            "Install it with `apt-get install chromium` (.ci/run does)."
        )
        if os.environ.get("TORGET_REQUIRE_CHROMIUM") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) with JavaScript off: pages must work without."""
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def assert_accessible(
    browser: Any, url: str, *, cookies: list[dict[str, Any]] | None = None, language: str = "sv"
) -> None:
    """Load `url` in a JavaScript-enabled context and assert axe finds no violations."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(locale="sv-SE" if language == "sv" else "en-GB")
    if cookies:
        context.add_cookies(cookies)
    context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    try:
        checker = context.new_page()
        response = checker.goto(url)
        assert response is not None
        results = Axe().run(checker)
        assert results.violations_count == 0, results.generate_report()
        assert checker.locator("html").get_attribute("lang") == language
    finally:
        context.close()


# --- the test e-ID: a real OpenID Connect provider on loopback -----------------------

EID_CALLBACK = "/account/verify/eid/callback/"
EID_CLIENT_ID = "torget-test"


@contextmanager
def running_oidc_provider(redirect_uris: list[str]) -> Iterator[Any]:
    """Start devstack's test e-ID provider for `redirect_uris` and point the settings at it.

    Its signing key is made here and kept on the provider as `.signing_jwk`, so tests can
    sign ID tokens the provider's published key set vouches for.
    """
    import json
    import secrets

    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    from devstack.eid_provider import DEMO_PERSONS, start_provider

    folder = REPO / ".local" / "test-eid" / f"{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True, exist_ok=True)
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(private_key)), "kid": "test-eid-1", "alg": "RS256"}
    jwk_file = folder / "signing-key.json"
    jwk_file.write_text(json.dumps(jwk))
    provider = start_provider(
        port=free_port(),
        client_id=EID_CLIENT_ID,
        client_secret=secrets.token_urlsafe(24),
        redirect_uris=redirect_uris,
        persons_file=folder / "persons.json",
        persons=DEMO_PERSONS,
        jwk_file=jwk_file,
        log=folder / "provider.log",
    )
    provider.signing_key = private_key  # type: ignore[attr-defined]
    provider.signing_kid = jwk["kid"]  # type: ignore[attr-defined]
    try:
        with override_settings(
            EID_OIDC_ISSUER=provider.issuer,
            EID_OIDC_CLIENT_ID=provider.client_id,
            EID_OIDC_CLIENT_SECRET=provider.client_secret,
        ):
            yield provider
    finally:
        provider.stop()


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Any]:
    """The test e-ID for the Django test client on the portal host (http://localhost)."""
    with running_oidc_provider(["http://localhost" + EID_CALLBACK]) as provider:
        yield provider


@pytest.fixture(scope="module", autouse=True)
def _fresh_database_connection_per_module(django_db_blocker: Any) -> Iterator[None]:
    """Give every test module a new PostgreSQL backend.

    One backend kept for the whole run grows (2 GB seen) as tests clone and roll back
    tenant schemas, and each `clone_schema` then takes seconds instead of a fraction of
    one: tests/spaces, identity, privacy and tenants took 5 min 55 s on one connection
    and 1 min 07 s with a new one per module (measured on 2026-11-26).
    """
    yield
    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture
def ballot_type() -> Iterator[Any]:
    """A stand-in type with a "vote" action and a ballot page (tests/identity/ballot.py)."""
    from tests.identity.ballot import register_ballot_type

    yield from register_ballot_type()
