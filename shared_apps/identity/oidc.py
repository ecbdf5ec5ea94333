"""The OpenID Connect client behind the e-ID handler: discovery, the authorization request
with PKCE, the code exchange, ID token validation, and reading the person's claims.

Every failure raises `EidError` with a short reason code (logged as the refused attempt)
and a message for the resident. Nothing here touches the database except through
`area_for_postal_code`; the views decide what is recorded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx
import jwt
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from shared_apps.identity.personal_number import InvalidPersonalNumber, parse_personal_number
from shared_apps.vocabularies.city import area_for_postal_code

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Discovery documents and key sets change rarely; a short cache spares the provider a
# request per sign-in and still picks up a key rotation within minutes (an unknown `kid`
# refetches at once).
METADATA_SECONDS = 300
HTTP_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# Clock skew allowed between the provider and us when checking `exp` and `iat`.
LEEWAY_SECONDS = 60
# Algorithms an e-ID broker signs ID tokens with; never "none" or a shared-secret HMAC.
SIGNING_ALGORITHMS = ["RS256", "PS256", "ES256"]

UNREACHABLE = _(
    "The e-ID service could not be reached just now, so nothing was checked. "
    "Please try again in a while."
)
NOT_CHECKED = _(
    "The answer from the e-ID service could not be trusted, so you were not verified. "
    "Please start again."
)


class EidError(Exception):
    """A refused e-ID answer: `reason` is logged, `message` is for the resident."""

    def __init__(self, reason: str, message: str | _StrPromise = NOT_CHECKED):
        super().__init__(reason)
        self.reason = reason
        self.message = message


def _issuer() -> str:
    issuer: str = settings.EID_OIDC_ISSUER
    return issuer.rstrip("/")


def _cache_key(kind: str) -> str:
    digest = hashlib.sha256(_issuer().encode()).hexdigest()[:16]
    return f"identity:eid:{kind}:{digest}"


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=HTTP_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError):
        raise EidError("provider_unreachable", UNREACHABLE) from None
    if not isinstance(data, dict):
        raise EidError("provider_unreachable", UNREACHABLE)
    return data


def provider_metadata() -> dict[str, Any]:
    """Return the provider's discovery document (cached briefly)."""
    key = _cache_key("discovery")
    metadata: dict[str, Any] | None = cache.get(key)
    if metadata is None:
        metadata = _get_json(_issuer() + "/.well-known/openid-configuration")
        # OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer
        # we asked; otherwise it could be another provider's.
        if metadata.get("issuer", "").rstrip("/") != _issuer():
            raise EidError("wrong_issuer")
        cache.set(key, metadata, METADATA_SECONDS)
    return metadata


def provider_keys(*, refresh: bool = False) -> dict[str, Any]:
    """Return the provider's JSON Web Key Set (cached briefly unless `refresh`)."""
    key = _cache_key("jwks")
    keys: dict[str, Any] | None = None if refresh else cache.get(key)
    if keys is None:
        keys = _get_json(provider_metadata()["jwks_uri"])
        cache.set(key, keys, METADATA_SECONDS)
    return keys


@dataclass(frozen=True)
class Flow:
    """What the start of a flow keeps in the session until its callback."""

    state: str
    nonce: str
    code_verifier: str


def new_flow() -> Flow:
    return Flow(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        # RFC 7636: 43 to 128 characters; 64 random bytes give 86.
        code_verifier=secrets.token_urlsafe(64),
    )


def code_challenge(code_verifier: str) -> str:
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(flow: Flow, redirect_uri: str, *, ui_locales: str = "") -> str:
    """Return the provider's authorization URL for this flow (code flow, PKCE S256)."""
    params = {
        "response_type": "code",
        "client_id": settings.EID_OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.EID_OIDC_SCOPES,
        "state": flow.state,
        "nonce": flow.nonce,
        "code_challenge": code_challenge(flow.code_verifier),
        "code_challenge_method": "S256",
    }
    if ui_locales:
        params["ui_locales"] = ui_locales
    endpoint = provider_metadata()["authorization_endpoint"]
    separator = "&" if "?" in endpoint else "?"
    return endpoint + separator + urlencode(params)


def exchange_code(code: str, redirect_uri: str, code_verifier: str) -> str:
    """Trade the authorization code for tokens; return the ID token."""
    metadata = provider_metadata()
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
    }
    client_id = settings.EID_OIDC_CLIENT_ID
    secret = settings.EID_OIDC_CLIENT_SECRET
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth: tuple[str, str] | None = None
    if "client_secret_basic" in methods:
        auth = (client_id, secret)
    else:
        data.update(client_id=client_id, client_secret=secret)
    try:
        response = httpx.post(
            metadata["token_endpoint"],
            data=data,
            auth=auth,
            timeout=HTTP_TIMEOUT,
            headers={"Accept": "application/json"},
        )
    except httpx.HTTPError:
        raise EidError("provider_unreachable", UNREACHABLE) from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code == 400 and body.get("error") == "invalid_grant":
        # The code was used already, has expired, or does not match our PKCE verifier.
        raise EidError("code_rejected")
    if response.status_code != 200 or not isinstance(body.get("id_token"), str):
        raise EidError("token_error")
    id_token: str = body["id_token"]
    return id_token


def _signing_key(kid: str | None, algorithm: str) -> Any:
    """Return the provider's public key for `kid`, refetching the key set once if unknown."""
    for refresh in (False, True):
        candidates = []
        for jwk in provider_keys(refresh=refresh).get("keys", []):
            if jwk.get("use", "sig") != "sig" or (kid and jwk.get("kid") != kid):
                continue
            try:
                candidates.append(jwt.PyJWK(jwk, algorithm))
            except jwt.PyJWTError:
                continue
        if len(candidates) == 1 or (candidates and kid):
            return candidates[0].key
    raise EidError("bad_signature")


def validate_id_token(id_token: str, *, nonce: str) -> dict[str, Any]:
    """Return the ID token's claims once its signature, issuer, audience, times and nonce
    check out (OpenID Connect Core 1.0, section 3.1.3.7); raise EidError otherwise."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError:
        raise EidError("invalid_token") from None
    algorithm = header.get("alg")
    if algorithm not in SIGNING_ALGORITHMS:
        raise EidError("bad_algorithm")
    key = _signing_key(header.get("kid"), algorithm)
    client_id = settings.EID_OIDC_CLIENT_ID
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key,
            algorithms=[algorithm],
            audience=client_id,
            issuer=_issuer(),
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat", "nonce"]},
        )
    except jwt.InvalidSignatureError:
        raise EidError("bad_signature") from None
    except jwt.ExpiredSignatureError:
        raise EidError("token_expired") from None
    except jwt.InvalidAudienceError:
        raise EidError("wrong_audience") from None
    except jwt.InvalidIssuerError:
        raise EidError("wrong_issuer") from None
    except (jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError):
        raise EidError("token_not_yet_valid") from None
    except jwt.PyJWTError:
        raise EidError("invalid_token") from None
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise EidError("wrong_audience")
    if not hmac.compare_digest(str(claims["nonce"]), nonce):
        raise EidError("wrong_nonce")
    return claims


@dataclass(frozen=True)
class EidPerson:
    """What the platform keeps of a person from their ID token."""

    personal_number: str  # twelve digits; only ever hashed before it is stored
    attributes: dict[str, str]


def person_from_claims(claims: dict[str, Any]) -> EidPerson:
    """Read the personal number and the derived attributes from the claims.

    The name claim is deliberately not read: a resident's display name stays their own
    choice, and a name the platform does not need is a name it cannot leak.
    """
    raw = claims.get(settings.EID_CLAIM_PERSONAL_NUMBER)
    if not isinstance(raw, str):
        raise EidError(
            "missing_personal_number",
            _("The e-ID service did not tell us your personal identity number."),
        )
    try:
        number = parse_personal_number(raw)
    except InvalidPersonalNumber:
        raise EidError(
            "invalid_personal_number",
            _("The e-ID service sent a personal identity number that is not valid."),
        ) from None
    attributes = {"birth_date": number.birth_date.isoformat()}
    municipality = claims.get(settings.EID_CLAIM_MUNICIPALITY)
    if isinstance(municipality, str) and municipality.strip():
        attributes["municipality"] = municipality.strip()
    postal = claims.get(settings.EID_CLAIM_POSTAL_CODE)
    if isinstance(postal, str):
        row = area_for_postal_code(postal)
        if row is not None:
            attributes["postal_code"] = row.code
            attributes["area"] = row.area.slug
    return EidPerson(personal_number=number.digits, attributes=attributes)
