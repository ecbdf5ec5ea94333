"""Parse `python -m devstack <command> [args]` and run the command."""

import argparse
import os
import secrets
import shlex
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from devstack import deploy_smoke, eid_provider, lockfile, nginx_conf, smtp_sink
from devstack.chromium import MISSING_ENV, chromium_available
from devstack.console import fail, say
from devstack.paths import REPO_ROOT, local_dir, manage_py
from devstack.ports import LOOPBACK, env_port, free_port, port_is_free
from devstack.services import ensure_kept_running, services_session, stop_all
from devstack.supervisor import Supervisor, run_foreground

USAGE = """\
usage: python -m devstack <command> [args]

commands:
  run               migrate, seed demo data, then serve web, Celery worker and beat, SMTP sink,
                    and the test e-ID (unless EID_OIDC_ISSUER is set)
  test [ARGS]       run pytest with ARGS against the embedded services
  manage ARGS       run manage.py ARGS against the embedded services
  env               start the services, leave them running, print `export` lines
  stop              stop the embedded PostgreSQL and Redis
  smtp [--port N]   serve the SMTP sink that prints and saves mail (default $SMTP_SINK_PORT/1025)
  lock [--output F] regenerate requirements.lock from pyproject.toml in a fresh venv
  deploy-smoke      run deploy/ (nginx, gunicorn, a Celery worker) on loopback and check it
  nginx-conf --output DIR --set PLATFORM_DOMAIN=... [--set NAME=VALUE ...]
                    render deploy/nginx/ for a server (docs/operations.md)

PostgreSQL and Redis are embedded only when DATABASE_URL / REDIS_URL are unset.
"""

DEFAULT_WEB_PORT = 8000
# Django's runserver binds one address. 127.0.0.1 keeps the dev server off the network;
# browsers and curl that try ::1 first for *.localhost fall back to it at once.
WEB_BIND = LOOPBACK


def _manage(*args: str) -> list[str]:
    if not manage_py().is_file():
        fail(f"{manage_py()} does not exist yet; the Django project is not in place")
    return [sys.executable, str(manage_py()), *args]


def cmd_env(args: list[str]) -> int:
    """Start the services for a developer shell and print their URLs as `export` lines."""
    if args:
        fail("`env` takes no arguments")
    for variable, url in ensure_kept_running().items():
        print(f"export {variable}={shlex.quote(url)}")
    say('use it as: eval "$(python -m devstack env)"; stop with: python -m devstack stop')
    return 0


def cmd_stop(args: list[str]) -> int:
    """Stop the embedded services."""
    if args:
        fail("`stop` takes no arguments")
    stop_all()
    return 0


def cmd_manage(args: list[str]) -> int:
    """Run `manage.py ARGS` with DATABASE_URL and REDIS_URL set."""
    argv = _manage(*args)
    with services_session() as urls:
        return run_foreground(argv, {**os.environ, **urls})


def cmd_test(args: list[str]) -> int:
    """Run pytest against the services; a run that collects no tests fails."""
    extra_env = {} if chromium_available() else {MISSING_ENV: "1"}
    with services_session() as urls:
        status = run_foreground(
            [sys.executable, "-m", "pytest", *args], {**os.environ, **urls, **extra_env}
        )
    if status == 5:
        say("pytest collected no tests; counting that as a failure")
        return 1
    return status


def _test_eid(web_port: int) -> tuple[dict[str, str], list[str], str] | None:
    """Return the web's e-ID settings, the test provider's command line and a line for the
    banner, or None when EID_OIDC_ISSUER points at a real provider already."""
    if os.environ.get("EID_OIDC_ISSUER"):
        return None
    port = env_port(eid_provider.PORT_ENV) or eid_provider.DEFAULT_PORT
    if not port_is_free(port):
        port = free_port()
    domain = os.environ.get("PLATFORM_DOMAIN", "localhost")
    client_id = "torget-demo"
    # A new secret per run: the provider and the web process learn it from us alone.
    secret = secrets.token_urlsafe(24)
    persons_file = local_dir() / "eid" / "persons.json"
    eid_provider.write_persons(persons_file, eid_provider.DEMO_PERSONS)
    argv = eid_provider.provider_argv(
        port=port,
        client_id=client_id,
        client_secret=secret,
        redirect_uris=[f"http://{domain}:{web_port}/account/verify/eid/callback/"],
        persons_file=persons_file,
    )
    settings_env = {
        "EID_OIDC_ISSUER": f"http://{LOOPBACK}:{port}",
        "EID_OIDC_CLIENT_ID": client_id,
        "EID_OIDC_CLIENT_SECRET": secret,
    }
    logins = ", ".join(eid_provider.DEMO_PERSONS)
    banner = (
        f"          test e-ID at http://{LOOPBACK}:{port}/: sign in as {logins}\n"
        "          (any password; see docs/identity.md)\n"
    )
    return settings_env, argv, banner


def cmd_run(args: list[str]) -> int:
    """Prepare the database, then serve everything until Ctrl-C or a child exits."""
    if args:
        fail("`run` takes no arguments; set PORT or SMTP_SINK_PORT to change ports")
    web_port = env_port("PORT") or DEFAULT_WEB_PORT
    smtp_port = env_port(smtp_sink.PORT_ENV) or smtp_sink.DEFAULT_PORT
    for variable, port in (("PORT", web_port), (smtp_sink.PORT_ENV, smtp_port)):
        if not port_is_free(port):
            fail(f"port {port} is in use (another `make run`?); set {variable} to another port")
    _manage()  # fail early, before starting services, if there is no Django project yet
    with services_session() as urls:
        env = {
            **os.environ,
            **urls,
            "EMAIL_HOST": LOOPBACK,
            "EMAIL_PORT": str(smtp_port),
            "PYTHONUNBUFFERED": "1",
        }
        test_eid = _test_eid(web_port)
        if test_eid is not None:
            env.update(test_eid[0])
        # migrate_all: the public schema, the template new tenants are cloned from, and
        # every tenant schema that is behind.
        for step in (("migrate_all",), ("seed_demo",)):
            status = run_foreground(_manage(*step), env)
            if status != 0:
                say(f"`manage.py {' '.join(step)}` failed with status {status}")
                return status
        supervisor = Supervisor(env)
        # Keep Django's autoreloader: its server process shares the web child's process
        # group, which the supervisor kills as a whole on the way out.
        supervisor.add("web", _manage("runserver", f"{WEB_BIND}:{web_port}"))
        celery = [sys.executable, "-m", "celery", "-A", "config"]
        supervisor.add("worker", [*celery, "worker", "-l", "info", "--concurrency", "2"])
        # Onboarding and tenant exports run on a queue of their own, as in production
        # (deploy/systemd/torget-provisioning.service).
        provisioning_queue = os.environ.get("CELERY_PROVISIONING_QUEUE", "provisioning")
        supervisor.add(
            "provisioning",
            [*celery, "worker", "-l", "info", "--concurrency", "1", "-Q", provisioning_queue,
             "-n", "provisioning@%h"],
        )  # fmt: skip
        # The beat schedule file is set in settings (CELERY_BEAT_SCHEDULE_FILENAME, .local/).
        supervisor.add("beat", [*celery, "beat", "-l", "info"])
        supervisor.add("mail", [sys.executable, "-m", "devstack", "smtp", "--port", str(smtp_port)])
        if test_eid is not None:
            supervisor.add("e-id", test_eid[1])
        print(
            f"\n  Torget: the portal is at http://localhost:{web_port}/\n"
            f"          each tenant at http://SLUG.localhost:{web_port}/\n"
            f"          mail is caught on {LOOPBACK}:{smtp_port}, printed below and saved in "
            f"{local_dir() / 'mail'}\n"
            f"{test_eid[2] if test_eid else ''}"
            "  Stop with Ctrl-C.\n",
            flush=True,
        )
        return supervisor.run()


def cmd_smtp(args: list[str]) -> int:
    """Serve the SMTP sink in the foreground."""
    parser = argparse.ArgumentParser(prog="python -m devstack smtp")
    parser.add_argument("--port", type=int, default=None)
    options = parser.parse_args(args)
    port = options.port or env_port(smtp_sink.PORT_ENV) or smtp_sink.DEFAULT_PORT
    smtp_sink.serve(port, local_dir() / "mail")
    return 0


def cmd_lock(args: list[str]) -> int:
    """Regenerate requirements.lock."""
    parser = argparse.ArgumentParser(prog="python -m devstack lock")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "requirements.lock")
    lockfile.regenerate(parser.parse_args(args).output)
    return 0


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "run": cmd_run,
    "test": cmd_test,
    "manage": cmd_manage,
    "env": cmd_env,
    "stop": cmd_stop,
    "smtp": cmd_smtp,
    "lock": cmd_lock,
    "deploy-smoke": deploy_smoke.run,
    "nginx-conf": nginx_conf.main,
}


def main(argv: list[str] | None = None) -> int:
    """Run the command named in `argv` (default: the process arguments)."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        return 0 if args else 2
    command = COMMANDS.get(args[0])
    if command is None:
        sys.stderr.write(f"devstack: unknown command {args[0]!r}\n\n{USAGE}")
        return 2
    os.chdir(REPO_ROOT)
    # Turn SIGTERM into SystemExit so the `finally` blocks that stop services still run.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        return command(args[1:])
    except KeyboardInterrupt:
        say("interrupted")
        return 130


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
