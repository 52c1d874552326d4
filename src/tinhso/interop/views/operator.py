"""The operators' outbox monitor (mounted at `/lien-thong/`, login required): counts by
channel and status, whether each channel is connected, the last errors, the messages with
filters, and "retry now" for failed or given-up messages."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tinhso.accounts.access import Action
from tinhso.core.exceptions import DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView
from tinhso.dossiers.models import OutboxStatus
from tinhso.interop import selectors, services
from tinhso.interop.channels import channel_states
from tinhso.interop.forms import OutboxFilterForm


class OutboxListView(FilteredListView):
    """Outgoing messages of the dossiers the user may see, newest first."""

    template_name = "interop/outbox_list.html"
    filter_form_class = OutboxFilterForm
    export_basename = "outbox"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Dossier code"), lambda m: m.dossier.code),
        Column(gettext_lazy("Channel"), "get_channel_display"),
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Attempts"), "attempts"),
        Column(gettext_lazy("Created at"), "created_at"),
        Column(gettext_lazy("Next attempt"), "next_attempt_at"),
        Column(gettext_lazy("Sent at"), "sent_at"),
        Column(gettext_lazy("Last error"), "last_error"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.outbox_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not getattr(self.request, "htmx", False):
            user = self.request.user
            context["summary"] = selectors.outbox_summary(user=user)
            context["statuses"] = OutboxStatus.choices
            context["channels"] = channel_states()
            context["errors"] = selectors.outbox_recent_errors(user=user)
        context["retryable"] = {OutboxStatus.FAILED, OutboxStatus.DEAD}
        return context


outbox_list_view = OutboxListView.as_view()


@login_required
@require_POST
def outbox_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Put one failed or given-up message back in the queue (EDIT on the dossier's
    resolving unit; 404 otherwise)."""
    message = selectors.outbox_get(user=request.user, pk=pk, action=Action.EDIT)
    try:
        services.outbox_retry(actor=request.user, message=message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The message for dossier %(code)s will be sent again shortly.")
            % {"code": message.dossier.code},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("interop_operator:outbox_list")
    return HttpResponseRedirect(target)
