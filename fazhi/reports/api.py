"""The reports app's REST API (registered in fazhi/api_urls.py):

- `reports/figures/`: every registered figure the caller may read, with its definition and
  source, and its value for a scope and period (`?region=<code>&year=2021`, default the
  caller's whole scope and this year), each with the link to its records. Another system (the
  county's platform) reads a town's figures the way the dashboard does, scoped by its token.
- `reports/annual/`: the annual reports with their steps as actions (`{id}/steps/`,
  `{id}/steps/{step}/`), their text with the figures resolved (`{id}/composed/`) and their
  outputs (`{id}/output/?fmt=md|json|docx|pdf`; DRF keeps `format` for itself); POST creates the first draft.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core import figures, roles
from fazhi.core.api import ScopedModelViewSet, ScopedSerializer, WorkflowStepsMixin
from fazhi.core.models import Region
from fazhi.reports import compose, dashboards, drafting, outputs, workflow
from fazhi.reports.models import Problem, Report, Section
from fazhi.reports.outline import OUTLINE_CHOICES


class ReportsReader(permissions.BasePermission):
    message = _("您没有查看统计的权限")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.can(roles.REPORT_VIEW))


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.CharField()
    definition = serializers.CharField()
    source = serializers.CharField()
    source_kind = serializers.CharField()
    numerator = serializers.CharField(allow_blank=True)
    denominator = serializers.CharField(allow_blank=True)
    year = serializers.IntegerField()
    region = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    display = serializers.CharField()
    records_url = serializers.CharField()


YEAR = OpenApiParameter("year", int, description="统计年度（默认今年）")
REGION = OpenApiParameter("region", str, description="区划代码（默认调用者的全部辖区）")


class FigureViewSet(viewsets.ViewSet):
    """The registered figures the caller may read, with their values for `?region=&year=`."""

    permission_classes = [ReportsReader]
    serializer_class = FigureSerializer
    lookup_value_regex = r"[a-z_]+\.[a-z0-9_]+"  # a figure's code has a dot

    def _params(self, request):
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError:
            raise exceptions.ValidationError({"year": [_("年度应为整数")]}) from None
        if not 1990 <= year <= 2100:
            raise exceptions.ValidationError({"year": [_("年度应在 1990 至 2100 之间")]})
        region = None
        code = request.query_params.get("region")
        if code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise exceptions.ValidationError({"region": [_("没有该区划")]})
        return year, region

    def _rows(self, request, shown):
        year, region = self._params(request)
        period = figures.Period.year(year)
        values = figures.evaluate([f.code for f in shown], request.user, [period], within=region)
        rows = []
        for f in shown:
            value = values.get(f.code, period)
            rows.append(
                {
                    "code": f.code,
                    "label": str(f.label),
                    "unit": str(f.unit),
                    "kind": f.kind,
                    "definition": str(f.definition),
                    "source": str(f.source),
                    "source_kind": str(f.source_kind),
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "year": year,
                    "region": region.code if region else "",
                    "value": None if value.value is None else str(value.value),
                    "display": value.display,
                    "records_url": request.build_absolute_uri(dashboards.records_url(f.code, year, region)),
                }
            )
        return rows

    @extend_schema(parameters=[YEAR, REGION], responses=FigureSerializer(many=True))
    def list(self, request):
        return Response(self._rows(request, dashboards.readable(request.user)))

    @extend_schema(parameters=[YEAR, REGION], responses=FigureSerializer)
    def retrieve(self, request, pk=None):
        found = [f for f in dashboards.readable(request.user) if f.code == pk]
        if not found:
            raise exceptions.NotFound(_("没有该统计指标"))
        return Response(self._rows(request, found)[0])


class SectionSerializer(ScopedSerializer):
    class Meta:
        model = Section
        fields = ["id", "key", "order", "level", "heading", "item", "body", "lists_problems"]
        read_only_fields = fields


class ProblemSerializer(ScopedSerializer):
    class Meta:
        model = Problem
        fields = ["id", "order", "problem", "cause", "measure"]
        read_only_fields = fields


class ReportSerializer(ScopedSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    problems = ProblemSerializer(many=True, read_only=True)
    outline = serializers.ChoiceField(choices=OUTLINE_CHOICES, default="reference")

    class Meta:
        model = Report
        fields = [
            "id",
            "region",
            "kind",
            "year",
            "outline",
            "title",
            "authority",
            "state",
            "signed_on",
            "drafted_by",
            "reviewed_by",
            "meeting",
            "deliberated_on",
            "approved_by",
            "approved_on",
            "chain_head",
            "submitted_on",
            "submission_reference",
            "submitted_to",
            "secrecy_reviewer",
            "secrecy_on",
            "published_on",
            "published_at",
            "sections",
            "problems",
        ]
        read_only_fields = [f for f in fields if f not in ("region", "kind", "year", "outline")]


class ReportViewSet(WorkflowStepsMixin, ScopedModelViewSet):
    """Annual reports: POST drafts one (`reports.draft` over the region, 党政办 — 司法所 by the
    town's rule; `kind` rule_of_law or disclosure, the 政府信息公开工作年度报告 in its national
    template); the steps are the workflow's (`steps/`)."""

    queryset = Report.objects.select_related("region").prefetch_related("sections", "problems")
    serializer_class = ReportSerializer
    write_permission = roles.REPORT_DRAFT
    workflows = (workflow.REPORT,)
    http_method_names = ["get", "post", "head", "options"]
    ordering = "-id"

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            report = drafting.create_report(
                data["region"],
                data["year"],
                request.user,
                data.get("outline", "reference"),
                kind=data.get("kind", Report.Kind.RULE_OF_LAW),
            )
        except DjangoPermissionDenied as denied:
            raise exceptions.PermissionDenied(str(denied)) from None
        except drafting.DraftRefused as refused:
            raise exceptions.ValidationError({"year": [str(refused)]}) from None
        return Response(self.get_serializer(report).data, status=201)

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def composed(self, request, pk=None):
        """The report's text with its figures (frozen once approved), as the JSON output."""
        report = self.get_object()
        return Response(outputs.as_json(report, compose.compose(report)))

    @extend_schema(
        parameters=[OpenApiParameter("fmt", str, enum=list(outputs.FORMATS))],
        responses={200: OpenApiTypes.BINARY},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def output(self, request, pk=None):
        """The report as a file: md, json, docx or pdf (409 when this server cannot make a PDF)."""
        report = self.get_object()
        fmt = request.query_params.get("fmt", "md")
        if fmt not in outputs.FORMATS:
            raise exceptions.ValidationError({"fmt": [_("格式应为 md、json、docx 或 pdf")]})
        try:
            content, content_type, filename = outputs.render(report, fmt)
        except outputs.OutputUnavailable as missing:
            return Response({"detail": str(missing), "code": "pdf_unavailable"}, status=409)
        from fazhi.core.documents import content_disposition

        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition(filename)
        return response


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("reports/figures", FigureViewSet, basename="reports-figure")
    router.register("reports/annual", ReportViewSet, basename="reports-report")


__all__ = ["register"]
