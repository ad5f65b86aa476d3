"""Public pages: read only the apps' `public.py` querysets, for a town chosen by its code; no
user, no staff record. Every list is paged in small pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core import attachments, intake
from fazhi.core.documents import content_disposition
from fazhi.core.models import Region
from fazhi.core.models.regions import RegionKind
from fazhi.disclosure import public as disclosure_public
from fazhi.education import public as education_public
from fazhi.enforcement import public as enforcement_public
from fazhi.legal import public as legal_public
from fazhi.portal import figures as portal_figures
from fazhi.reports import outputs as report_outputs
from fazhi.reports import public as reports_public

PAGE_SIZE = 20


def _town(code: str) -> Region:
    return get_object_or_404(Region, code=code, kind=RegionKind.TOWN)


def _page(request: HttpRequest, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    towns = list(Region.objects.filter(kind=RegionKind.TOWN).order_by("code"))
    if len(towns) == 1:
        return redirect("portal:town", code=towns[0].code)
    return render(request, "portal/home.html", {"towns": towns})


def town(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "portal/town.html", {"town": _town(code)})


def enforcement(request: HttpRequest, code: str) -> HttpResponse:
    region = _town(code)
    return render(
        request,
        "portal/enforcement.html",
        {
            "town": region,
            "bodies": enforcement_public.public_bodies(region),
            "officers": _page(request, enforcement_public.public_officers(region)),
            "powers": enforcement_public.public_powers(region)[:200],
            "procedures": enforcement_public.public_procedures(),
            "remedies": enforcement_public.public_remedies(region),
            "channels": enforcement_public.public_channels(region)[:50],
        },
    )


def decisions(request: HttpRequest, code: str) -> HttpResponse:
    region = _town(code)
    villages = list(region.children.filter(kind=RegionKind.VILLAGE).order_by("code"))
    powers = list(enforcement_public.public_powers(region))
    where = region
    village = request.GET.get("village", "")
    if village:
        where = next((v for v in villages if v.code == village), region)
    qs = enforcement_public.published_decisions(where)
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(decided_on__year=int(year))
    power = request.GET.get("power", "")
    if power.isdigit() and int(power) in {p.pk for p in powers}:
        qs = qs.filter(power_id=int(power))
    page = _page(request, qs)
    shown = [enforcement_public.public_decision(case) for case in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/decisions.html",
        {
            "town": region,
            "page": page,
            "decisions": shown,
            "villages": villages,
            "powers": powers,
            "chosen": {"year": year, "power": power, "village": village},
            "query": query.urlencode(),
        },
    )


def disclosure(request: HttpRequest, code: str) -> HttpResponse:
    region = _town(code)
    return render(
        request,
        "portal/disclosure.html",
        {
            "town": region,
            "guides": disclosure_public.public_guides(region)[:20],
            "items": _page(request, disclosure_public.public_items(region)),
            "reports": reports_public.public_reports(region)[:20],
        },
    )


def legal_services(request: HttpRequest, code: str) -> HttpResponse:
    region = _town(code)
    return render(
        request,
        "portal/legal.html",
        {
            "town": region,
            "advisers": legal_public.public_advisers(region)[:200],
            "activities": _page(request, education_public.public_activities(region)),
        },
    )


def adviser_photo(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A current adviser's 公示牌 photo (stored without its metadata)."""
    photo = legal_public.public_photo(_town(code), pk)
    if photo is None:
        raise Http404(pk)
    response = attachments.serve(photo)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def major_decisions(request: HttpRequest, code: str) -> HttpResponse:
    """重大行政决策: the catalogue of a year (published with the party committee's consent) and
    the decisions put out for comment or published."""
    region = _town(code)
    catalogues = list(legal_public.public_catalogues(region))
    years = [c.year for c in catalogues]
    chosen = request.GET.get("year", "")
    catalogue = next((c for c in catalogues if chosen.isdigit() and c.year == int(chosen)), None)
    catalogue = catalogue or (catalogues[0] if catalogues else None)
    return render(
        request,
        "portal/major_decisions.html",
        {
            "town": region,
            "catalogue": catalogue,
            "years": years,
            "decisions": _page(request, legal_public.public_decisions(region)),
        },
    )


def _major_decision(region, pk):
    return get_object_or_404(legal_public.public_decisions(region), pk=pk)


def major_decision(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One decision's public page: the call for comments, every answered comment, the publication."""
    region = _town(code)
    decision = _major_decision(region, pk)
    shown = legal_public.public_decision(decision)
    return render(
        request,
        "portal/major_decision.html",
        {
            "town": region,
            "decision": shown,
            "form": legal_public.OnlineCommentForm(decision=decision) if shown.comment_open else None,
            "closed": None if shown.comment_open else legal_public.closed_refusal(decision),
        },
    )


@require_http_methods(["GET", "POST"])
def major_decision_comment(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A comment on a draft during its comment period, through core's public submission door."""
    region = _town(code)
    decision = _major_decision(region, pk)
    shown = legal_public.public_decision(decision)

    def create(form):
        comment = legal_public.submit_comment(form)
        return {"received_on": comment.received_on}

    return intake.handle_submission(
        request,
        scope=legal_public.SCOPE,
        form=legal_public.OnlineCommentForm(request.POST or None, decision=decision),
        create=create,
        template="portal/comment_form.html",
        done_template="portal/comment_done.html",
        context={"town": region, "decision": shown, "title": _("对决策草案提出意见")},
    )


def figures_page(request: HttpRequest, code: str) -> HttpResponse:
    region = _town(code)
    latest = portal_figures.last_complete_year()
    years = list(range(latest, latest - 5, -1))
    chosen = request.GET.get("year", "")
    year = int(chosen) if chosen.isdigit() and int(chosen) in years else latest
    return render(
        request,
        "portal/figures.html",
        {
            "town": region,
            "year": year,
            "years": years,
            "values": portal_figures.published_values(region, year),
        },
    )


DOWNLOAD_FORMATS = ("docx", "pdf")


def report_download(request: HttpRequest, code: str, pk: int, fmt: str) -> HttpResponse:
    """A published annual report as .docx or PDF (the reports app renders it)."""
    region = _town(code)
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404(fmt)
    report = get_object_or_404(reports_public.public_reports(region), pk=pk)
    try:
        content, content_type, filename = report_outputs.render(report, fmt)
    except report_outputs.OutputUnavailable as missing:
        return render(
            request, "portal/unavailable.html", {"town": region, "reason": str(missing)}, status=503
        )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response
