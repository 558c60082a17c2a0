"""API of the facility network: facilities, the service catalogue and staff.
Reads go through the scoped selectors, writes through the services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from socialwork.api.router import router
from socialwork.areas.selectors import province_communes

from . import selectors, services
from .filters import AdmissionFilter, FacilityFilter, ServiceTypeFilter, StaffFilter
from .models import (
    Admission,
    AdmissionKind,
    DischargeReason,
    Facility,
    ServiceType,
    SocialWorkAssignment,
    StaffAssignment,
    StaffMember,
)


class ServiceTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceType
        fields = [
            "id",
            "code",
            "name",
            "group",
            "counts_as_ctxh_service",
            "counts_as_assistance",
            "is_active",
        ]


class FacilityOutputSerializer(serializers.ModelSerializer):
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    social_work_staff = serializers.IntegerField(read_only=True, required=False)
    admits_residents = serializers.BooleanField(read_only=True)
    is_external_partner = serializers.BooleanField(read_only=True)
    services = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Facility
        fields = [
            "id",
            "name",
            "kind",
            "ownership",
            "commune",
            "commune_name",
            "address",
            "phone",
            "email",
            "hotline",
            "capacity",
            "has_social_work_unit",
            "has_portal_users",
            "is_active",
            "admits_residents",
            "is_external_partner",
            "services",
            "social_work_staff",
        ]


class FacilityInputSerializer(serializers.ModelSerializer):
    commune = serializers.PrimaryKeyRelatedField(queryset=province_communes())
    services = serializers.PrimaryKeyRelatedField(
        many=True, queryset=ServiceType.objects.all(), required=False
    )
    in_ctxh01_scope = serializers.BooleanField(required=False, default=True)
    in_ctxh02_plan = serializers.BooleanField(required=False, default=False)
    scope_from = serializers.DateField(required=False, allow_null=True, default=None)

    class Meta:
        model = Facility
        fields = [
            "name",
            "kind",
            "ownership",
            "commune",
            "address",
            "phone",
            "email",
            "hotline",
            "capacity",
            "has_social_work_unit",
            "has_portal_users",
            "is_active",
            "services",
            "in_ctxh01_scope",
            "in_ctxh02_plan",
            "scope_from",
        ]
        # The model's constraints are checked by the service with clear messages.
        validators: list = []


class FacilityUpdateSerializer(FacilityInputSerializer):
    class Meta(FacilityInputSerializer.Meta):
        fields = [
            f
            for f in FacilityInputSerializer.Meta.fields
            if f not in ("in_ctxh01_scope", "in_ctxh02_plan", "scope_from")
        ]


class FacilityScopeSerializer(serializers.Serializer):
    in_ctxh01_scope = serializers.BooleanField()
    in_ctxh02_plan = serializers.BooleanField()
    valid_from = serializers.DateField()


@extend_schema(tags=["facilities"])
class FacilityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The network register: every signed-in role reads it; the department edits it."""

    filterset_class = FacilityFilter
    serializer_class = FacilityOutputSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        filters = self.request.GET if self.action == "list" else None
        return selectors.facility_list(actor=self.request.user, filters=filters).prefetch_related(
            "services"
        )

    def filter_queryset(self, queryset):
        return queryset  # the selector applied the FilterSet

    def get_serializer_class(self):
        if self.action == "create":
            return FacilityInputSerializer
        if self.action == "partial_update":
            return FacilityUpdateSerializer
        return FacilityOutputSerializer

    @extend_schema(request=FacilityInputSerializer, responses={201: FacilityOutputSerializer})
    def create(self, request, *args, **kwargs):
        serializer = FacilityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        facility = services.facility_create(actor=request.user, **serializer.validated_data)
        facility = selectors.facility_get(actor=request.user, facility_id=facility.pk)
        return Response(FacilityOutputSerializer(facility).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FacilityUpdateSerializer, responses={200: FacilityOutputSerializer})
    def partial_update(self, request, *args, **kwargs):
        facility = self.get_object()
        serializer = FacilityUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.facility_update(actor=request.user, facility=facility, **serializer.validated_data)
        facility = selectors.facility_get(actor=request.user, facility_id=facility.pk)
        return Response(FacilityOutputSerializer(facility).data)

    @extend_schema(request=FacilityScopeSerializer, responses={200: FacilityOutputSerializer})
    @action(detail=True, methods=["post"], url_path="set-scope")
    def set_scope(self, request, pk=None):
        """From a date, the unit is (not) counted by CTXH-01 / on the CTXH-02 plan."""
        facility = self.get_object()
        serializer = FacilityScopeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.facility_set_scope(
            actor=request.user, facility=facility, **serializer.validated_data
        )
        return Response(FacilityOutputSerializer(self.get_object()).data)


@extend_schema(tags=["facilities"])
class ServiceTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The CTXH service catalogue."""

    serializer_class = ServiceTypeSerializer
    filterset_class = ServiceTypeFilter
    pagination_class = None  # a short catalogue, read whole

    def get_queryset(self):
        return selectors.service_type_list(actor=self.request.user)


class StaffAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffAssignment
        fields = ["assignment", "meets_allowance_rule", "valid_from", "valid_to"]


class StaffOutputSerializer(serializers.ModelSerializer):
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    current_assignment = serializers.ChoiceField(
        choices=SocialWorkAssignment.choices, read_only=True, allow_null=True
    )

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "full_name",
            "facility",
            "facility_name",
            "position",
            "qualification",
            "civil_service_title",
            "phone",
            "user",
            "started_on",
            "left_on",
            "current_assignment",
        ]


class StaffInputSerializer(serializers.ModelSerializer):
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all())
    assignment = serializers.ChoiceField(
        choices=SocialWorkAssignment.choices, default=SocialWorkAssignment.NONE
    )
    meets_allowance_rule = serializers.BooleanField(default=False)

    class Meta:
        model = StaffMember
        fields = [
            "full_name",
            "facility",
            "position",
            "qualification",
            "civil_service_title",
            "phone",
            "user",
            "started_on",
            "left_on",
            "assignment",
            "meets_allowance_rule",
        ]
        validators: list = []
        extra_kwargs = {"user": {"validators": []}}


class StaffUpdateSerializer(StaffInputSerializer):
    class Meta(StaffInputSerializer.Meta):
        fields = [
            f
            for f in StaffInputSerializer.Meta.fields
            if f not in ("assignment", "meets_allowance_rule")
        ]


@extend_schema(tags=["facilities"])
class StaffViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Staff of the network's units: the department sees all, a facility its own."""

    serializer_class = StaffOutputSerializer
    filterset_class = StaffFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        filters = self.request.GET if self.action == "list" else None
        return selectors.staff_list(actor=self.request.user, filters=filters)

    def filter_queryset(self, queryset):
        return queryset  # the selector applied the FilterSet

    @extend_schema(request=StaffInputSerializer, responses={201: StaffOutputSerializer})
    def create(self, request, *args, **kwargs):
        serializer = StaffInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        staff = services.staff_create(actor=request.user, **serializer.validated_data)
        staff = selectors.staff_get(actor=request.user, staff_id=staff.pk)
        return Response(StaffOutputSerializer(staff).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StaffUpdateSerializer, responses={200: StaffOutputSerializer})
    def partial_update(self, request, *args, **kwargs):
        staff = self.get_object()
        serializer = StaffUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.staff_update(actor=request.user, staff=staff, **serializer.validated_data)
        return Response(
            StaffOutputSerializer(selectors.staff_get(actor=request.user, staff_id=staff.pk)).data
        )

    @extend_schema(request=StaffAssignmentSerializer, responses={201: StaffAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """From a date, the member does social work full-time, part-time or not."""
        staff = self.get_object()
        serializer = StaffAssignmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.staff_assign(actor=request.user, staff=staff, **serializer.validated_data)
        return Response(StaffAssignmentSerializer(record).data, status=status.HTTP_201_CREATED)


router.register("facilities", FacilityViewSet, basename="facility")
router.register("service-types", ServiceTypeViewSet, basename="service-type")
router.register("staff", StaffViewSet, basename="staff")


# --- Residents -------------------------------------------------------------------


class AdmissionSerializer(serializers.ModelSerializer):
    facility_name = serializers.CharField(source="facility.name", read_only=True)

    class Meta:
        model = Admission
        fields = [
            "id",
            "facility",
            "facility_name",
            "beneficiary",
            "case",
            "referral",
            "kind",
            "status",
            "requested_on",
            "admitted_on",
            "reception_record_number",
            "abandoned_child",
            "dossier_due_on",
            "dossier_completed_on",
            "public_notice_due_on",
            "public_notice_on",
            "commune_review_due_on",
            "commune_reviewed_on",
            "posting_due_on",
            "posted_on",
            "appraisal_due_on",
            "appraised_on",
            "decision_number",
            "decision_on",
            "contract_number",
            "over_capacity",
            "discharged_on",
            "discharge_reason",
            "handover_record_number",
            "handover_commune",
            "note",
        ]
        read_only_fields = fields


class AdmitSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True, default=None)
    facility = serializers.IntegerField()
    beneficiary = serializers.IntegerField(required=False, allow_null=True, default=None)
    referral = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=AdmissionKind.choices)
    admitted_on = serializers.DateField()
    reception_record_number = serializers.CharField(required=False, allow_blank=True, default="")
    abandoned_child = serializers.BooleanField(required=False, default=False)
    contract_number = serializers.CharField(required=False, allow_blank=True, default="")
    confirm_over_capacity = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OpenDossierSerializer(serializers.Serializer):
    facility = serializers.IntegerField()
    beneficiary = serializers.IntegerField(required=False, allow_null=True, default=None)
    referral = serializers.IntegerField(required=False, allow_null=True, default=None)
    requested_on = serializers.DateField()


class DischargeSerializer(serializers.Serializer):
    discharged_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=DischargeReason.choices)
    handover_record_number = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["commune_review", "posting", "appraisal"])
    on = serializers.DateField()
    without_hiv = serializers.BooleanField(required=False, default=False)


class DecisionSerializer(serializers.Serializer):
    decision_number = serializers.CharField()
    decided_on = serializers.DateField()
    admitted_on = serializers.DateField()
    confirm_over_capacity = serializers.BooleanField(required=False, default=False)


class DossierDoneSerializer(serializers.Serializer):
    on = serializers.DateField()
    public_notice_on = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema(tags=["facilities"])
class AdmissionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Residents: a facility its own, a commune its people, the department all."""

    queryset = Admission.objects.none()
    serializer_class = AdmissionSerializer
    filterset_class = AdmissionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Admission.objects.none()
        filters = self.request.GET if self.action == "list" else None
        return selectors.admission_list(actor=self.request.user, filters=filters)

    def filter_queryset(self, queryset):
        return queryset  # the selector applied the FilterSet

    def get_object(self):
        return selectors.admission_get(
            actor=self.request.user, admission_id=self.kwargs["pk"], request=self.request
        )

    def _parties(self, data):
        from cases.models import Beneficiary
        from cases.referrals.selectors import referral_get
        from socialwork.accounts.scoping import get_scoped_or_404

        user = self.request.user
        facility = selectors.facility_get(actor=user, facility_id=data.pop("facility"))
        referral_id = data.pop("referral")
        beneficiary_id = data.pop("beneficiary")
        referral = referral_get(actor=user, referral_id=referral_id) if referral_id else None
        if referral is not None:
            beneficiary = referral.beneficiary
        elif beneficiary_id:
            beneficiary = get_scoped_or_404(
                Beneficiary.objects.all(), user, self.request, pk=beneficiary_id
            )
        else:
            raise ValidationError({"beneficiary": _("Hãy nhập mã số đối tượng.")})
        return facility, beneficiary, referral

    @extend_schema(request=AdmitSerializer, responses={201: AdmissionSerializer})
    def create(self, request, *args, **kwargs):
        """Admit at once: emergency, temporary shelter or voluntary care."""
        serializer = AdmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        facility, beneficiary, referral = self._parties(data)
        admission = services.admission_admit(
            actor=request.user,
            facility=facility,
            beneficiary=beneficiary,
            referral=referral,
            **data,
        )
        return Response(AdmissionSerializer(admission).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OpenDossierSerializer, responses={201: AdmissionSerializer})
    @action(detail=False, methods=["post"], url_path="open-dossier")
    def open_dossier(self, request):
        """Open a long-term care dossier (commune review due in 10 working days)."""
        serializer = OpenDossierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        facility, beneficiary, referral = self._parties(data)
        admission = services.admission_open_dossier(
            actor=request.user,
            facility=facility,
            beneficiary=beneficiary,
            referral=referral,
            requested_on=data["requested_on"],
        )
        return Response(AdmissionSerializer(admission).data, status=status.HTTP_201_CREATED)

    def _move(self, request, service, serializer_class):
        admission = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        admission = service(actor=request.user, admission=admission, **serializer.validated_data)
        return Response(AdmissionSerializer(admission).data)

    @extend_schema(request=StepSerializer, responses={200: AdmissionSerializer})
    @action(detail=True, methods=["post"], url_path="record-step")
    def record_step(self, request, pk=None):
        return self._move(request, services.admission_record_step, StepSerializer)

    @extend_schema(request=DecisionSerializer, responses={200: AdmissionSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._move(request, services.admission_decide, DecisionSerializer)

    @extend_schema(request=DossierDoneSerializer, responses={200: AdmissionSerializer})
    @action(detail=True, methods=["post"], url_path="complete-dossier")
    def complete_dossier(self, request, pk=None):
        return self._move(request, services.admission_complete_dossier, DossierDoneSerializer)

    @extend_schema(request=DischargeSerializer, responses={200: AdmissionSerializer})
    @action(detail=True, methods=["post"])
    def discharge(self, request, pk=None):
        return self._move(request, services.admission_discharge, DischargeSerializer)


router.register("admissions", AdmissionViewSet, basename="admission")
