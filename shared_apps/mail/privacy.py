"""The outbox holds the e-mail sent to a resident, found by address, not by user id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from shared_apps.mail.models import OutgoingMail
from shared_apps.privacy.registry import Row, Scope, email_addresses, register, serialize_rows


def _mail_to(user: Any) -> Any:
    condition = Q()
    for address in email_addresses(user):
        condition |= Q(to__contains=[address])
    return OutgoingMail.objects.filter(condition)


def export_mail(user: Any) -> Iterable[Row]:
    return serialize_rows(_mail_to(user))


def erase_mail(user: Any) -> None:
    _mail_to(user).delete()


register("mail.OutgoingMail", Scope.PUBLIC, export=export_mail, erase=erase_mail)
