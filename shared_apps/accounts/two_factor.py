"""Two-factor set-up pages on the portal: allauth's, remembering where to go next.

Staff pages send a staff member without an authenticator app to `activate_totp` with a
`next`; the page keeps it in the session (shared by every host) so the recovery-codes
page that follows can offer the way back.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.internal import flows
from allauth.mfa.totp.views import ActivateTOTPView
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect

from shared_apps.accounts.handoff import local_path
from shared_apps.accounts.staff import AFTER_TWO_FACTOR_KEY, is_staff_user


class StaffActivateTOTPView(ActivateTOTPView):
    """allauth's activation page, which also keeps `next` and says why staff are here."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        next_url = request.GET.get("next")
        if next_url and request.user.is_authenticated:
            # Only a path on this host (the portal) is kept: never an open redirect.
            request.session[AFTER_TWO_FACTOR_KEY] = local_path(next_url)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["staff_required"] = is_staff_user(self.request.user)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        totp, recovery_codes = flows.activate_totp(self.request, form)
        self.did_generate_recovery_codes = bool(recovery_codes)
        # The first code from the app was just checked: this session has passed the same
        # two-factor step as a sign-in with the code, so record it as allauth would.
        record_authentication(self.request, self.request.user, "mfa", id=totp.pk, type=totp.type)
        return HttpResponseRedirect(self.get_success_url())


class RecoveryCodesView(ViewRecoveryCodesView):
    """allauth's recovery codes page, with the way back to where the user was going."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next_url"] = self.request.session.get(AFTER_TWO_FACTOR_KEY, "")
        return context


activate_totp = StaffActivateTOTPView.as_view()
recovery_codes = RecoveryCodesView.as_view()
