"""The litigation register's REST API (registered in fazhi/api_urls.py):
`litigation/proceedings/` — list, read, register (with `concerns`: "enforcement.case:12", the
record it is about, read back only if the user may read it) and record the hearing and result
(PATCH)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from rest_framework import serializers

from fazhi.core import links, roles
from fazhi.core.api import ScopedModelViewSet, ScopedSerializer
from fazhi.core.links import _readable
from fazhi.core.models import RecordLink
from fazhi.core.scoping import ensure_writable
from fazhi.litigation.filters import ProceedingFilterSet
from fazhi.litigation.models import Proceeding


def _concerned(token: str, user):
    label, _sep, object_id = (token or "").rpartition(":")
    try:
        app_label, model_name = label.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
    except (ValueError, ContentType.DoesNotExist):
        return None
    return _readable(content_type, object_id, user)


class ProceedingSerializer(ScopedSerializer):
    concerns = serializers.CharField(
        write_only=True,
        required=False,
        help_text="the record it is about, as app.model:id (enforcement.case:12)",
    )
    concerns_label = serializers.CharField(source="concerns_repr", read_only=True)
    concerns_type = serializers.SlugRelatedField(slug_field="model", read_only=True)

    class Meta:
        model = Proceeding
        fields = [
            "id",
            "route",
            "matter",
            "region",
            "case_number",
            "subject",
            "organ",
            "applicant",
            "applicant_kind",
            "filed_on",
            "hearing_on",
            "court_leader",
            "concluded_on",
            "result",
            "note",
            "concerns",
            "concerns_type",
            "concerns_id",
            "concerns_label",
        ]
        read_only_fields = ["concerns_id"]
        extra_kwargs = {"region": {"required": False}}

    def validate(self, attrs):
        token = attrs.pop("concerns", None)
        source = None
        if token:
            if self.instance is not None:
                raise serializers.ValidationError({"concerns": ["所涉记录在登记时确定，不能修改。"]})
            source = _concerned(token, self.context.get("user"))
            if source is None:
                raise serializers.ValidationError({"concerns": ["所涉记录不存在或您无权查看。"]})
            attrs["region"] = source.region
        elif self.instance is not None:
            attrs.pop("region", None)  # the place stays as registered
        elif not attrs.get("region"):
            raise serializers.ValidationError({"region": ["请填写所属区划或所涉记录（concerns）。"]})
        attrs = super().validate(attrs)
        self._source = source
        return attrs


class ProceedingViewSet(ScopedModelViewSet):
    """The register: `litigation.manage` over the case's region registers and records results;
    `litigation.view` reads. No DELETE: a case registered stays in the ledger."""

    queryset = Proceeding.objects.select_related("region", "concerns_type")
    serializer_class = ProceedingSerializer
    filterset_class = ProceedingFilterSet
    write_permission = roles.LITIGATION_MANAGE
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering = "-id"

    def perform_create(self, serializer):
        source = getattr(serializer, "_source", None)
        extra = {"created_by": self.request.user}
        if source is not None:
            content_type = ContentType.objects.get_for_model(type(source))
            extra.update(
                concerns_type=content_type, concerns_id=str(source.pk), concerns_repr=str(source)[:200]
            )
        with transaction.atomic():
            instance = serializer.save(**extra)
            if source is not None:
                links.link(source, instance, kind=RecordLink.Kind.RELATED, user=self.request.user)
            ensure_writable(instance, self.request.user, self.write_permission)


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("litigation/proceedings", ProceedingViewSet, basename="litigation-proceeding")
