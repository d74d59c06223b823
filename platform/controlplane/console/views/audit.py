"""The audit log for auditors: search, a signed export to download, and the chain verified in words."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.integrity import verify_audit_log
from audit.selectors import audit_events_for_tenant
from audit.services import AuditIntegrityError, start_audit_export
from controlplane.api.audit import stream_export_zip
from controlplane.console.access import Member, console_page
from controlplane.console.forms import AuditSearchForm, ExportForm
from controlplane.tenants.scopes import Scope

PAGE_SIZE = 100


def _audit_page(request: HttpRequest, member: Member, **extra: object) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    events, has_more = [], False
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else {}
        try:
            events = audit_events_for_tenant(member.tenant, limit=PAGE_SIZE + 1, **filters)
        except ValueError as error:
            form.add_error("subject", str(error))
        has_more = len(events) > PAGE_SIZE
        events = events[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "events": events,
        "next_after": events[-1].seq if has_more else None,
        "query": query.urlencode(),
        "export_form": extra.pop("export_form", None) or ExportForm(),
        **extra,
    }
    status = 409 if extra.get("export_error") else 200
    return render(request, "console/audit.html", context, status=status)


@console_page(Scope.AUDIT_READ)
def audit_log(request: HttpRequest, member: Member) -> HttpResponse:
    return _audit_page(request, member)


@require_POST
@console_page(Scope.AUDIT_READ)
def audit_verify(request: HttpRequest, member: Member) -> HttpResponse:
    """Recompute the tenant's chain against its head row and the trusted signed checkpoints."""
    report = verify_audit_log(tenants=[member.tenant])
    (chain,) = report.chains
    return _audit_page(request, member, verification=report, chain=chain.report)


@require_POST
@console_page(Scope.AUDIT_READ)
def audit_export(request: HttpRequest, member: Member) -> HttpResponse:
    """The same signed zip as GET /v1/audit/export (events.jsonl, checkpoint.json, public_key.pem).

    A POST: an export takes a checkpoint and records an `audit.exported` event, so no link prefetch or
    crawler may start one."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        return _audit_page(request, member, export_form=form)
    try:
        export = start_audit_export(tenant=member.tenant, actor=member.actor, **form.range())
    except AuditIntegrityError as error:
        return _audit_page(request, member, export_error=str(error))
    filename = f"assay-audit-{member.tenant.slug}-{timezone.now():%Y%m%dT%H%M%SZ}.zip"
    response = StreamingHttpResponse(stream_export_zip(export), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
