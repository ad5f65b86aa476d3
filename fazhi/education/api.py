"""The education app's REST API (registered in fazhi/api_urls.py): activities (with photo
uploads, `activities/{id}/attachments/`), boards and their updates, study sessions with
attendances, oaths with those who swore, the key-date calendar and the 普法责任清单. Reading
needs `education.view`, writing `education.record` over the record's region."""

from __future__ import annotations

from django.db import transaction
from rest_framework import serializers

from fazhi.core import roles
from fazhi.core.api import AttachmentsField, AttachmentsMixin, ScopedModelViewSet, ScopedSerializer
from fazhi.core.models import Post
from fazhi.education.filters import (
    ActivityFilterSet,
    BoardFilterSet,
    BoardUpdateFilterSet,
    DutyItemFilterSet,
    OathFilterSet,
    StudySessionFilterSet,
)
from fazhi.education.forms import people_for
from fazhi.education.models import (
    Activity,
    Attendance,
    Board,
    BoardUpdate,
    DutyItem,
    KeyDate,
    Oath,
    OathTaker,
    StudySession,
)

WRITE = ["get", "post", "patch", "head", "options"]


class ActivitySerializer(ScopedSerializer):
    files = AttachmentsField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "region",
            "held_on",
            "title",
            "theme",
            "key_date",
            "duty_item",
            "organizers",
            "place",
            "audience",
            "materials",
            "banners",
            "posters",
            "consultations",
            "advisers",
            "legal_persons",
            "summary",
            "files",
        ]


class BoardSerializer(ScopedSerializer):
    class Meta:
        model = Board
        fields = ["id", "region", "name", "kind", "place", "since", "office", "retired_on"]


class BoardUpdateSerializer(ScopedSerializer):
    class Meta:
        model = BoardUpdate
        fields = ["id", "board", "updated_on", "content"]

    def create(self, validated_data):
        validated_data["region"] = validated_data["board"].region
        return super().create(validated_data)


class AttendanceSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["person", "person_name", "hours", "score"]
        extra_kwargs = {"hours": {"required": False}}


class StudySessionSerializer(ScopedSerializer):
    attendances = AttendanceSerializer(many=True, required=False)

    class Meta:
        model = StudySession
        fields = [
            "id",
            "region",
            "kind",
            "held_on",
            "topic",
            "hours",
            "place",
            "led_by",
            "plan",
            "materials",
            "attendances",
        ]

    def get_fields(self):
        fields = super().get_fields()
        user = self.context.get("user")
        if user is not None and user.is_authenticated:
            people = people_for(user)
            fields["led_by"].queryset = people
            fields["attendances"].child.fields["person"].queryset = people
        return fields

    def validate(self, attrs):
        nested = attrs.pop("attendances", None)
        attrs = super().validate(attrs)
        if nested is not None:
            attrs["attendances"] = nested
        return attrs

    def create(self, validated_data):
        attendances = validated_data.pop("attendances", [])
        with transaction.atomic():
            session = super().create(validated_data)
            for row in attendances:
                Attendance(
                    session=session,
                    region=session.region,
                    person=row["person"],
                    hours=row.get("hours", session.hours),
                    score=row.get("score"),
                ).save()
        return session

    def update(self, instance, validated_data):
        validated_data.pop("attendances", None)  # attendances are written when the session is
        return super().update(instance, validated_data)


class OathTakerSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = OathTaker
        fields = ["post", "person", "person_name", "title", "taken_by"]
        read_only_fields = ["person", "title", "taken_by"]


class OathSerializer(ScopedSerializer):
    takers = OathTakerSerializer(many=True, required=False)

    class Meta:
        model = Oath
        fields = [
            "id",
            "region",
            "sworn_on",
            "place",
            "occasion",
            "organizer",
            "form",
            "leader",
            "text_version",
            "display",
            "anthem",
            "supervisor",
            "note",
            "takers",
        ]

    def get_fields(self):
        fields = super().get_fields()
        user = self.context.get("user")
        if user is not None and user.is_authenticated:
            people = people_for(user)
            fields["leader"].queryset = people
            fields["takers"].child.fields["post"].queryset = Post.objects.visible_to(user).filter(
                person__in=people
            )
        return fields

    def validate(self, attrs):
        nested = attrs.pop("takers", None)
        attrs = super().validate(attrs)
        if nested is not None:
            attrs["takers"] = nested
        return attrs

    def create(self, validated_data):
        takers = validated_data.pop("takers", [])
        with transaction.atomic():
            oath = super().create(validated_data)
            for row in takers:
                post = row["post"]
                OathTaker(
                    oath=oath, person=post.person, post=post, title=post.title, taken_by=post.taken_by
                ).save()
        return oath

    def update(self, instance, validated_data):
        validated_data.pop("takers", None)
        return super().update(instance, validated_data)


class KeyDateSerializer(ScopedSerializer):
    class Meta:
        model = KeyDate
        fields = ["id", "region", "name", "month", "day", "theme", "note"]


class DutyItemSerializer(ScopedSerializer):
    class Meta:
        model = DutyItem
        fields = [
            "id",
            "region",
            "year",
            "content",
            "leader",
            "person",
            "office",
            "audience",
            "channel",
            "method",
        ]


class _Base(ScopedModelViewSet):
    write_permission = roles.EDUCATION_RECORD
    http_method_names = WRITE
    ordering = "-id"


class ActivityViewSet(AttachmentsMixin, _Base):
    """普法 activities; photos through `{id}/attachments/`."""

    queryset = Activity.objects.select_related("region")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet

    def perform_create(self, serializer):
        super().perform_create(serializer, recorded_by=self.request.user)


class BoardViewSet(_Base):
    queryset = Board.objects.select_related("region")
    serializer_class = BoardSerializer
    filterset_class = BoardFilterSet


class BoardUpdateViewSet(_Base):
    queryset = BoardUpdate.objects.select_related("board", "region")
    serializer_class = BoardUpdateSerializer
    filterset_class = BoardUpdateFilterSet
    http_method_names = ["get", "post", "head", "options"]


class StudySessionViewSet(_Base):
    queryset = StudySession.objects.select_related("region").prefetch_related("attendances__person")
    serializer_class = StudySessionSerializer
    filterset_class = StudySessionFilterSet


class OathViewSet(AttachmentsMixin, _Base):
    queryset = Oath.objects.select_related("region").prefetch_related("takers__person")
    serializer_class = OathSerializer
    filterset_class = OathFilterSet


class KeyDateViewSet(_Base):
    queryset = KeyDate.objects.select_related("region")
    serializer_class = KeyDateSerializer
    http_method_names = ["get", "post", "head", "options"]


class DutyItemViewSet(_Base):
    queryset = DutyItem.objects.select_related("region")
    serializer_class = DutyItemSerializer
    filterset_class = DutyItemFilterSet
    http_method_names = ["get", "post", "head", "options"]


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("education/activities", ActivityViewSet, basename="education-activity")
    router.register("education/boards", BoardViewSet, basename="education-board")
    router.register("education/board-updates", BoardUpdateViewSet, basename="education-boardupdate")
    router.register("education/study-sessions", StudySessionViewSet, basename="education-studysession")
    router.register("education/oaths", OathViewSet, basename="education-oath")
    router.register("education/key-dates", KeyDateViewSet, basename="education-keydate")
    router.register("education/duties", DutyItemViewSet, basename="education-dutyitem")
