"""Render deploy/nginx/*.conf: fill in each @NAME@ placeholder, refuse to leave any.

One template serves production (`python -m devstack nginx-conf`) and `make deploy-smoke`,
so the smoke test checks the very files the city installs.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from devstack.console import fail
from devstack.paths import REPO_ROOT

TEMPLATE_DIR = REPO_ROOT / "deploy" / "nginx"
TEMPLATES = ("torget.conf", "torget-proxy.conf", "torget-proxy-headers.conf")
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
# A value goes into nginx's syntax as is: no blanks, quotes, braces or semicolons.
SAFE_VALUE = re.compile(r"^[A-Za-z0-9_.:/\[\]*-]+$")

# Production defaults (deploy/README.md's layout); PLATFORM_DOMAIN has none.
DEFAULTS = {
    "HTTP_LISTEN": "80",
    "HTTPS_LISTEN": "443",
    "CERTIFICATE": "/etc/ssl/torget/fullchain.pem",
    "CERTIFICATE_KEY": "/etc/ssl/torget/privkey.pem",
    "CUSTOM_CERTIFICATES": "/etc/ssl/torget/domains",
    "UPSTREAM": "127.0.0.1:8000",
    "STATIC_ROOT": "/opt/torget/staticfiles",
    "MEDIA_ROOT": "/var/lib/torget/media",
}


def render(values: dict[str, str]) -> dict[str, str]:
    """Return each template's text with the placeholders filled in from `values`."""
    for name, value in values.items():
        if not SAFE_VALUE.match(value):
            fail(f"nginx-conf: {name}={value!r} has characters nginx would misread")
    rendered = {}
    for template in TEMPLATES:
        text = (TEMPLATE_DIR / template).read_text()
        missing = sorted({m for m in PLACEHOLDER.findall(text) if m not in values})
        if missing:
            fail(f"nginx-conf: no value for {', '.join(missing)} (in {template})")
        rendered[template] = PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
    return rendered


def write(values: dict[str, str], output: Path) -> list[Path]:
    """Render the templates into `output` (CONF_DIR defaults to it); return the files."""
    output = output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    values = {**DEFAULTS, "CONF_DIR": str(output), **values}
    written = []
    for name, text in render(values).items():
        path = output / name
        path.write_text(text)
        written.append(path)
    return written


def main(args: list[str]) -> int:
    """Parse `nginx-conf --output DIR --set NAME=VALUE...` and write the files."""
    parser = argparse.ArgumentParser(
        prog="python -m devstack nginx-conf",
        description="Render deploy/nginx/ into DIR. Defaults: "
        + ", ".join(f"{k}={v}" for k, v in DEFAULTS.items()),
    )
    parser.add_argument("--output", type=Path, required=True, help="folder to write into")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a placeholder's value; PLATFORM_DOMAIN is required",
    )
    options = parser.parse_args(args)
    values = {}
    for item in options.set:
        name, sep, value = item.partition("=")
        if not sep:
            fail(f"nginx-conf: --set {item!r} is not NAME=VALUE")
        values[name.strip().upper()] = value.strip()
    if "PLATFORM_DOMAIN" not in values:
        fail("nginx-conf: --set PLATFORM_DOMAIN=... is required")
    for path in write(values, options.output):
        print(path)
    return 0
