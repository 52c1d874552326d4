"""The citizens' public dossier lookup (`/tra-cuu/`, no login).

Shows only `selectors.PublicDossier`; a malformed and an unknown code give the same 404 page;
every lookup counts against the client's rate limit (429 page beyond it).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from tinhso.interop import ratelimit, selectors
from tinhso.interop.forms import LookupForm
from tinhso.interop.qr import lookup_qr_svg_document


def _public(response: HttpResponse) -> HttpResponse:
    # Dossier pages must not end up in search engines or shared caches.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(
        request,
        "interop/lookup_limited.html",
        {"minutes": max(retry_after // 60, 1)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return _public(response)


@require_GET
@cache_control(private=True, no_store=True)
def lookup_form_view(request: HttpRequest) -> HttpResponse:
    """The lookup box; `?code=` sends the visitor on to the dossier's page."""
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        url = reverse("interop:lookup_detail", kwargs={"code": form.cleaned_data["code"]})
        return HttpResponseRedirect(url)
    return _public(render(request, "interop/lookup_form.html", {"form": form}))


@require_GET
@cache_control(private=True, no_store=True)
def lookup_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    """The public page of one dossier, or the one "not found" page."""
    retry_after = ratelimit.hit(request)
    if retry_after is not None:
        return too_many(request, retry_after)
    dossier = selectors.dossier_public_lookup(code=code)
    if dossier is None:
        response = render(
            request, "interop/lookup_not_found.html", {"form": LookupForm()}, status=404
        )
        return _public(response)
    return _public(
        render(
            request,
            "interop/lookup_detail.html",
            {"dossier": dossier, "form": LookupForm(initial={"code": dossier.code})},
        )
    )


@require_GET
@cache_control(public=True, max_age=86400)
def lookup_qr_view(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code of `/tra-cuu/<code>/` as an SVG file. It encodes only the address, so it
    neither reads the database nor tells whether the dossier exists."""
    normal = selectors.normalise_code(code)
    if normal is None:
        return _public(
            render(request, "interop/lookup_not_found.html", {"form": LookupForm()}, status=404)
        )
    return HttpResponse(lookup_qr_svg_document(normal, request), content_type="image/svg+xml")
