"""City-wide accounts (public schema): one per resident, used on every tenant host."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tenants.models import Tenant


# Where a User object remembers its roles (User.roles_by_tenant).
MEMBERSHIPS_CACHE = "_torget_roles_by_tenant"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with one account for the whole city; signs in with an e-mail address.

    `is_staff`/`is_superuser` are platform operators (Django admin on the portal);
    staff roles inside a tenant are Memberships.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown next to what you write. It does not have to be your full name."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="sv",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    def roles_in(self, tenant: Tenant) -> set[str]:
        """Return the names of this user's staff roles in the tenant."""
        return set(self.roles_by_tenant().get(tenant.pk, ()))

    def roles_by_tenant(self) -> dict[int, frozenset[str]]:
        """Return this user's staff roles per tenant id: one query, then remembered on
        this object (a request's user), which grant_role and revoke_role refresh."""
        if not self.is_authenticated or self.pk is None:
            return {}
        if MEMBERSHIPS_CACHE not in self.__dict__:
            roles: dict[int, set[str]] = {}
            for tenant_id, role in Membership.objects.filter(user_id=self.pk).values_list(
                "tenant_id", "role"
            ):
                roles.setdefault(tenant_id, set()).add(role)
            self.__dict__[MEMBERSHIPS_CACHE] = {
                tenant_id: frozenset(names) for tenant_id, names in roles.items()
            }
        return self.__dict__[MEMBERSHIPS_CACHE]

    def forget_roles(self) -> None:
        """Drop the roles remembered on this object (after a grant or a revoke)."""
        self.__dict__.pop(MEMBERSHIPS_CACHE, None)
        self.__dict__.pop("_torget_who", None)


class Membership(models.Model):
    """A staff role held by a user in one tenant; roles never carry across tenants."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        PROCESS_ADMIN = "process_admin", _("Process administrator")
        MODERATOR = "moderator", _("Moderator")
        EVALUATOR = "evaluator", _("Evaluator")
        # Verifies residents in person at a library or service point.
        VERIFIER = "verifier", _("Verifier")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tenant", "role"], name="one_role_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.tenant_id})"


def hash_handoff_token(token: str) -> str:
    """Return the stored form of a hand-off token (only its hash is kept)."""
    return hashlib.sha256(token.encode()).hexdigest()


class SignInHandoff(models.Model):
    """A one-time, short-lived ticket that lets another host join a signed-in session.

    The portal issues it to one target host; that host consumes it once and sets its own
    cookie naming the same server-side session. Only a hash of the token is stored, so
    a database read does not yield usable tickets.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    session_key = models.CharField(max_length=40)
    host = models.CharField(max_length=253)
    expires = models.DateTimeField(db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"hand-off to {self.host}"
