"""API of the collaborator network, registered on the one router.

Every queryset comes from a scoped selector; every write calls a service.
A collaborator reading a colleague gets `{id, full_name}` only.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from socialwork.accounts.capabilities import require
from socialwork.api.router import router
from socialwork.areas.models import AdministrativeUnit

from . import selectors, services
from .filters import AttendanceFilter, CollaboratorFilter, TrainingCourseFilter
from .models import Attendance, Collaborator, Organisation, Qualification, Sex, TrainingCourse

# --- Collaborators ------------------------------------------------------------------------


class CollaboratorOutputSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    phone = serializers.CharField(source="user.phone", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    commune = serializers.IntegerField(source="user.area_id", read_only=True)
    commune_name = serializers.CharField(source="user.area.name", read_only=True)

    class Meta:
        model = Collaborator
        fields = [
            "id",
            "full_name",
            "username",
            "phone",
            "commune",
            "commune_name",
            "village",
            "birth_year",
            "sex",
            "organisation",
            "appointment_number",
            "appointment_date",
            "started_on",
            "ended_on",
            "leaving_reason",
            "qualification",
            "monthly_allowance",
        ]
        read_only_fields = fields
        # A colleague's record is {id, full_name} only (to_representation).
        schema_optional = [name for name in fields if name not in ("id", "full_name")]

    def to_representation(self, instance):
        actor = self.context["request"].user
        if not selectors.can_see_profile(actor=actor, collaborator=instance):
            return {"id": instance.pk, "full_name": instance.full_name}
        return super().to_representation(instance)


class CollaboratorCreateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    phone = serializers.CharField(max_length=20)
    commune = serializers.PrimaryKeyRelatedField(queryset=AdministrativeUnit.objects.all())
    started_on = serializers.DateField()
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    village = serializers.CharField(max_length=120, required=False, allow_blank=True)
    organisation = serializers.ChoiceField(choices=Organisation.choices, required=False)
    appointment_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    appointment_date = serializers.DateField(required=False, allow_null=True)
    qualification = serializers.ChoiceField(choices=Qualification.choices, required=False)
    monthly_allowance = serializers.IntegerField(min_value=0, required=False)


class CollaboratorUpdateSerializer(CollaboratorCreateSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.required = False


class CollaboratorCreatedSerializer(serializers.Serializer):
    collaborator = CollaboratorOutputSerializer()
    temporary_password = serializers.CharField()


class CollaboratorEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=255)


class CollaboratorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Collaborators: department staff all; a commune's roles their commune
    (a collaborator: colleagues by name only); leadership 403."""

    serializer_class = CollaboratorOutputSerializer
    filterset_class = CollaboratorFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.collaborator_list(actor=self.request.user)

    @extend_schema(
        request=CollaboratorCreateSerializer, responses={201: CollaboratorCreatedSerializer}
    )
    def create(self, request, *args, **kwargs):
        require(request.user, "collaborator.manage")
        data = CollaboratorCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.collaborator_create(actor=request.user, **data.validated_data)
        body = CollaboratorCreatedSerializer(
            {
                "collaborator": created.collaborator,
                "temporary_password": created.temporary_password,
            },
            context=self.get_serializer_context(),
        ).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=CollaboratorUpdateSerializer)
    def partial_update(self, request, *args, **kwargs):
        collaborator = self.get_object()
        data = CollaboratorUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        collaborator = services.collaborator_update(
            collaborator=collaborator, actor=request.user, **data.validated_data
        )
        return Response(self.get_serializer(collaborator).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=CollaboratorEndSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """The collaborator leaves (refused, with the list, while cases are open)."""
        collaborator = self.get_object()
        data = CollaboratorEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            collaborator = services.collaborator_end(
                collaborator=collaborator, actor=request.user, **data.validated_data
            )
        except services.OpenCasesError as exc:
            raise ValidationError(
                {"detail": exc.messages, "open_cases": [c.pk for c in exc.cases]}
            ) from exc
        return Response(self.get_serializer(collaborator).data)


# --- Training ---------------------------------------------------------------------------------


class TrainingCourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingCourse
        fields = ["id", "title", "topic", "organiser", "starts_on", "ends_on", "hours", "place"]


class TrainingCourseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Training courses: a catalogue everyone signed in reads; the department writes."""

    serializer_class = TrainingCourseSerializer
    filterset_class = TrainingCourseFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.course_list(actor=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.course_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.course_update(
            course=serializer.instance, actor=self.request.user, **serializer.validated_data
        )


class AttendanceSerializer(serializers.ModelSerializer):
    course = serializers.PrimaryKeyRelatedField(queryset=TrainingCourse.objects.all())
    collaborator = serializers.PrimaryKeyRelatedField(
        queryset=Collaborator.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Attendance
        fields = [
            "id",
            "course",
            "collaborator",
            "staff_member",
            "completed",
            "certificate_number",
            "practice_hours",
            "cpd_credits",
        ]
        # The service checks the pair and the dates, with translated messages.
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # A referenced collaborator must be one the actor may see: else "does not exist".
            try:
                fields["collaborator"].queryset = selectors.collaborator_list(actor=request.user)
            except PermissionDenied:
                fields["collaborator"].queryset = Collaborator.objects.none()
        return fields


class AttendanceUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["completed", "certificate_number", "practice_hours", "cpd_credits"]


class AttendanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Attendance: a collaborator sees their own; the department records it."""

    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.attendance_list(actor=self.request.user)

    def perform_create(self, serializer):
        require(self.request.user, "collaborator.manage")
        serializer.instance = services.attendance_record(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=AttendanceUpdateSerializer)
    def partial_update(self, request, *args, **kwargs):
        attendance = self.get_object()
        data = AttendanceUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        attendance = services.attendance_update(
            attendance=attendance, actor=request.user, **data.validated_data
        )
        return Response(self.get_serializer(attendance).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


# --- Coverage -----------------------------------------------------------------------------------


class CoverageRowSerializer(serializers.Serializer):
    commune = serializers.IntegerField(source="commune.pk")
    commune_code = serializers.CharField(source="commune.code")
    commune_name = serializers.CharField(source="commune.name")
    active = serializers.IntegerField()
    beneficiaries = serializers.IntegerField(allow_null=True)
    per_thousand = serializers.FloatField(allow_null=True)
    open_cases = serializers.IntegerField(allow_null=True)


class CoverageSerializer(serializers.Serializer):
    communes = serializers.IntegerField()
    covered = serializers.IntegerField()
    share = serializers.FloatField()
    all_covered = serializers.BooleanField()
    total_active = serializers.IntegerField()
    rows = CoverageRowSerializer(many=True)


class CoverageViewSet(viewsets.ViewSet):
    """Active collaborators per commune (counts only; leadership may read it)."""

    @extend_schema(responses=CoverageSerializer)
    def list(self, request):
        report = selectors.coverage(
            actor=request.user, order=request.query_params.get("order", "name")
        )
        return Response(CoverageSerializer(report).data)


router.register("collaborators", CollaboratorViewSet, basename="collaborator")
router.register("training-courses", TrainingCourseViewSet, basename="training-course")
router.register("attendance", AttendanceViewSet, basename="attendance")
router.register("coverage", CoverageViewSet, basename="coverage")
