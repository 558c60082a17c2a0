"""Case management API: /api/v1/cases/, assessments/, plans/, services/, events/.

Viewsets with explicit mixins; one @action per transition, each calling a
service. Creates take `client_uuid`: a replayed POST returns the first result
(200) instead of creating twice (201). Stale edits get 409. The FilterSets are
the ones the pages use; pages are cursor-paginated.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from facilities.models import Facility, ServiceType
from socialwork.accounts.capabilities import Allows
from socialwork.accounts.models import User
from socialwork.api.pagination import CursorPagination
from socialwork.api.router import router

from .. import selectors as register_selectors
from ..client_refs import parent_pk
from ..models import (
    Assessment,
    AssessmentKind,
    Beneficiary,
    Case,
    CaseEvent,
    CasePlan,
    CasePlanAction,
    ClosureReason,
    ConfidentialityReason,
    EventKind,
    IntakeSource,
    ServiceDelivery,
    Urgency,
)
from . import selectors
from .filters import AssessmentFilter, CaseFilter, EventFilter, PlanFilter, ServiceFilter
from .scoping import may_see_reporter
from .services.assessments import assessment_record
from .services.cases import case_assign, case_open, case_update
from .services.decisions import case_event_add
from .services.deliveries import service_record
from .services.plans import plan_approve, plan_draft, plan_return, plan_submit, plan_update
from .services.status import (
    case_begin_assessment,
    case_begin_intervention,
    case_begin_monitoring,
    case_begin_planning,
    case_close,
    case_reopen,
    case_replan,
)

# --- Serializers -------------------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer):
    beneficiary_name = serializers.CharField(source="beneficiary.__str__", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "beneficiary",
            "beneficiary_name",
            "commune",
            "source",
            "call_reference",
            "reported_at",
            "summary",
            "urgency",
            "is_child_protection",
            "needs_emergency_protection",
            "confidential",
            "assigned_worker",
            "status",
            "closure_reason",
            "closed_on",
            "next_deadline",
            "next_deadline_kind",
            "overdue",
            "version",
        ]
        read_only_fields = fields

    def get_overdue(self, case) -> bool:
        from django.utils import timezone

        return case.next_deadline is not None and case.next_deadline < timezone.now()


class CaseDetailSerializer(CaseSerializer):
    reporter = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "reporter"]
        read_only_fields = fields

    def get_reporter(self, case) -> dict | None:
        if not may_see_reporter(self.context["request"].user, case):
            return None
        return {
            "name": case.reporter_name,
            "phone": case.reporter_phone,
            "relation": case.reporter_relation,
        }


class CaseInputSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False)
    beneficiary = serializers.IntegerField(required=False)
    beneficiary_uuid = serializers.UUIDField(
        required=False, help_text="Instead of `beneficiary`: the client UUID it was created with."
    )
    source = serializers.ChoiceField(choices=IntakeSource.choices)
    reported_at = serializers.DateTimeField()
    call_reference = serializers.CharField(required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_name = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_phone = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_relation = serializers.CharField(required=False, allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    is_child_protection = serializers.BooleanField(default=False)
    needs_emergency_protection = serializers.BooleanField(default=False)
    confidential = serializers.BooleanField(default=False)
    confidentiality_reason = serializers.ChoiceField(
        choices=ConfidentialityReason.choices, required=False, allow_blank=True, default=""
    )


class CaseUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    summary = serializers.CharField(required=False, allow_blank=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    call_reference = serializers.CharField(required=False, allow_blank=True)


class MoveSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(MoveSerializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    closed_on = serializers.DateField(required=False)


class ReopenSerializer(MoveSerializer):
    reason = serializers.CharField(allow_blank=True)


class AssignSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True
    )


class AssessmentSerializer(serializers.ModelSerializer):
    client_uuid = serializers.UUIDField(required=False, write_only=True)
    kind = serializers.ChoiceField(choices=AssessmentKind.choices)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "client_uuid",
            "case",
            "kind",
            "assessed_on",
            "assessed_by",
            "risk_level",
            "immediate_danger",
            "physical_state",
            "psychological_state",
            "family_situation",
            "risk_factors",
            "schooling",
            "community_safety",
            "needs",
            "child_views",
            "parent_views",
            "conclusion",
            "details",
        ]
        read_only_fields = ["id", "assessed_by"]
        extra_kwargs = {"case": {"queryset": Case.objects.all()}}


class PlanActionSerializer(serializers.ModelSerializer):
    service_type = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceType.objects.all(), required=False, allow_null=True
    )
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Facility.objects.all(), required=False, allow_null=True
    )
    responsible_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )

    class Meta:
        model = CasePlanAction
        fields = [
            "description",
            "service_type",
            "responsible_user",
            "provider",
            "responsible_other",
            "starts_on",
            "due_on",
            "cost_estimate",
            "done",
        ]


class PlanSerializer(serializers.ModelSerializer):
    client_uuid = serializers.UUIDField(required=False, write_only=True)
    actions = PlanActionSerializer(many=True)

    class Meta:
        model = CasePlan
        fields = [
            "id",
            "client_uuid",
            "case",
            "status",
            "goals",
            "conference_on",
            "actions",
            "drafted_by",
            "drafted_at",
            "submitted_at",
            "approved_at",
            "approved_by",
            "decision_number",
            "decision_date",
            "return_comments",
            "version",
        ]
        read_only_fields = [
            "id",
            "status",
            "drafted_by",
            "drafted_at",
            "submitted_at",
            "approved_at",
            "approved_by",
            "decision_number",
            "decision_date",
            "return_comments",
            "version",
        ]
        extra_kwargs = {"case": {"queryset": Case.objects.all()}}
        # The services decide (a replayed create must reach them, not a model validator).
        validators: list = []


class PlanUpdateSerializer(serializers.Serializer):
    """A draft or returned plan rewritten from `version`: goals and all its actions."""

    version = serializers.IntegerField()
    goals = serializers.CharField(allow_blank=True)
    conference_on = serializers.DateField(required=False, allow_null=True)
    actions = PlanActionSerializer(many=True)


class PlanMoveSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class ApproveSerializer(PlanMoveSerializer):
    decision_number = serializers.CharField(allow_blank=True)
    decision_date = serializers.DateField(required=False)


class ReturnSerializer(PlanMoveSerializer):
    comments = serializers.CharField(allow_blank=True)


class ServiceSerializer(serializers.ModelSerializer):
    client_uuid = serializers.UUIDField(required=False, write_only=True)
    case_uuid = serializers.UUIDField(
        required=False, write_only=True, help_text="Instead of `case`: its client UUID."
    )
    service_type = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceType.objects.all()
    )

    class Meta:
        model = ServiceDelivery
        fields = [
            "id",
            "client_uuid",
            "case",
            "case_uuid",
            "beneficiary",
            "service_type",
            "provider",
            "delivered_on",
            "delivered_by",
            "note",
        ]
        read_only_fields = ["id", "beneficiary", "delivered_by"]
        # Null in answers (a service given outside any case), required in requests.
        extra_kwargs = {
            "case": {"queryset": Case.objects.all(), "required": False, "allow_null": True}
        }


class CaseEventSerializer(serializers.ModelSerializer):
    client_uuid = serializers.UUIDField(required=False, write_only=True)
    case_uuid = serializers.UUIDField(
        required=False, write_only=True, help_text="Instead of `case`: its client UUID."
    )
    kind = serializers.ChoiceField(choices=EventKind.choices)
    on_paper = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text=(
            "A separation (Mẫu 07) signed on paper, without a number: it takes the "
            "register's next number when its scan is registered."
        ),
    )
    paper = serializers.SerializerMethodField(
        help_text="`pending` (signed on paper, waiting for its scan and number), "
        "`registered`, or empty for a decision not signed on paper."
    )

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "client_uuid",
            "case",
            "case_uuid",
            "kind",
            "on_paper",
            "paper",
            "occurred_at",
            "recorded_by",
            "note",
            "decided_by",
            "decision_number",
            "starts_on",
            "ends_on",
            "extension_basis",
            "lifted_at",
            "place",
            "carer_name",
            "provider",
        ]
        read_only_fields = ["id", "recorded_by", "decided_by", "lifted_at"]
        extra_kwargs = {
            "case": {"queryset": Case.objects.all(), "required": False},
            "occurred_at": {"required": False},
        }

    def get_paper(self, event: CaseEvent) -> str:
        return (event.details or {}).get("paper", "")


# --- Viewsets -------------------------------------------------------------------------------


class _Scoped(viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend]
    pagination_class = CursorPagination
    permission_classes = [Allows("case.read")]

    def _case(self, case_id) -> Case:
        # The case named in a body is fetched through the scoped selector too.
        return selectors.case_get(actor=self.request.user, case_id=case_id, request=self.request)

    def _created(self, result, serializer_class):
        body = serializer_class(result.obj, context=self.get_serializer_context()).data
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


class CaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Scoped
):
    filterset_class = CaseFilter
    queryset = Case.objects.none()

    def get_queryset(self):
        return selectors.case_list(actor=self.request.user, request=self.request)

    def get_serializer_class(self):
        if self.action == "list":
            return CaseSerializer
        if self.action == "create":
            return CaseInputSerializer
        return CaseDetailSerializer

    def get_object(self):
        return self._case(self.kwargs["pk"])

    def _detail(self, case):
        return Response(CaseDetailSerializer(case, context=self.get_serializer_context()).data)

    @extend_schema(
        request=CaseInputSerializer,
        responses={
            201: CaseDetailSerializer,
            200: OpenApiResponse(CaseDetailSerializer, description="Replayed"),
        },
    )
    def create(self, request, *args, **kwargs):
        data = CaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        beneficiary = register_selectors.beneficiary_get(
            actor=request.user,
            beneficiary_id=parent_pk(request, values, "beneficiary", Beneficiary),
            request=request,
        )
        result = case_open(actor=request.user, beneficiary=beneficiary, **values)
        return self._created(result, CaseDetailSerializer)

    @extend_schema(
        request=CaseUpdateSerializer,
        responses={200: CaseDetailSerializer, 409: OpenApiResponse(description="Stale")},
    )
    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        data = CaseUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        case = case_update(actor=request.user, case=case, data=values, version=version)
        return self._detail(case)

    def _move(self, request, function, serializer_class=MoveSerializer, **names):
        case = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = function(
            actor=request.user, case=case, **{names.get(k, k): v for k, v in values.items()}
        )
        return self._detail(case)

    @extend_schema(request=MoveSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        return self._move(request, case_begin_assessment)

    @extend_schema(request=MoveSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        return self._move(request, case_begin_planning)

    @extend_schema(request=MoveSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def intervene(self, request, pk=None):
        return self._move(request, case_begin_intervention)

    @extend_schema(request=MoveSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def monitor(self, request, pk=None):
        return self._move(request, case_begin_monitoring)

    @extend_schema(request=MoveSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def replan(self, request, pk=None):
        return self._move(request, case_replan)

    @extend_schema(request=CloseSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(request, case_close, CloseSerializer)

    @extend_schema(request=ReopenSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        case = self.get_object()
        data = ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_reopen(
            actor=request.user,
            case=case,
            reason=data.validated_data["reason"],
            version=data.validated_data.get("version"),
        )
        return self._detail(case)

    @extend_schema(request=AssignSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        case = self.get_object()
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_assign(
            actor=request.user,
            case=case,
            worker=data.validated_data["worker"],
            version=data.validated_data.get("version"),
        )
        return self._detail(case)


router.register("cases", CaseViewSet, basename="case")


class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Scoped
):
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    queryset = Assessment.objects.none()

    def get_queryset(self):
        return selectors.assessment_list(actor=self.request.user, request=self.request)

    def get_object(self):
        return selectors.assessment_get(
            actor=self.request.user, assessment_id=self.kwargs["pk"], request=self.request
        )

    def create(self, request, *args, **kwargs):
        raw = AssessmentSerializer(data=request.data)
        raw.is_valid(raise_exception=True)
        values = dict(raw.validated_data)
        case = self._case(values.pop("case").pk)
        result = assessment_record(
            actor=request.user,
            case=case,
            kind=values.pop("kind"),
            assessed_on=values.pop("assessed_on"),
            client_uuid=values.pop("client_uuid", None),
            data=values,
        )
        return self._created(result, AssessmentSerializer)


router.register("assessments", AssessmentViewSet, basename="assessment")


class PlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Scoped
):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    queryset = CasePlan.objects.none()

    def get_queryset(self):
        return selectors.plan_list(actor=self.request.user, request=self.request).prefetch_related(
            "actions"
        )

    def get_object(self):
        return selectors.plan_get(
            actor=self.request.user, plan_id=self.kwargs["pk"], request=self.request
        )

    def create(self, request, *args, **kwargs):
        raw = PlanSerializer(data=request.data)
        raw.is_valid(raise_exception=True)
        values = raw.validated_data
        case = self._case(values["case"].pk)
        result = plan_draft(
            actor=request.user,
            case=case,
            goals=values["goals"],
            actions=[dict(a) for a in values["actions"]],
            conference_on=values.get("conference_on"),
            client_uuid=values.get("client_uuid"),
        )
        return self._created(result, PlanSerializer)

    @extend_schema(
        request=PlanUpdateSerializer,
        responses={200: PlanSerializer, 409: OpenApiResponse(description="Stale")},
    )
    def partial_update(self, request, *args, **kwargs):
        """The official revises a returned plan (or a draft) before submitting it again."""
        plan = self.get_object()
        data = PlanUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        plan = plan_update(
            actor=request.user,
            plan=plan,
            version=values["version"],
            goals=values["goals"],
            actions=[dict(a) for a in values["actions"]],
            conference_on=values.get("conference_on"),
        )
        return self._answer(plan)

    def _answer(self, plan):
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data)

    @extend_schema(request=PlanMoveSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        plan = self.get_object()
        data = PlanMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = plan_submit(
            actor=request.user, plan=plan, version=data.validated_data.get("version")
        )
        return self._answer(plan)

    @extend_schema(request=ApproveSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        plan = self.get_object()
        data = ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = plan_approve(actor=request.user, plan=plan, **data.validated_data)
        return self._answer(plan)

    @action(detail=True, methods=["post"], url_path="return")
    @extend_schema(request=ReturnSerializer, responses={200: PlanSerializer})
    def send_back(self, request, pk=None):
        plan = self.get_object()
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = plan_return(actor=request.user, plan=plan, **data.validated_data)
        return self._answer(plan)


router.register("plans", PlanViewSet, basename="plan")


class ServiceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Scoped
):
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    queryset = ServiceDelivery.objects.none()

    def get_queryset(self):
        return selectors.service_list(actor=self.request.user, request=self.request)

    def get_object(self):
        return selectors.service_get(
            actor=self.request.user, service_id=self.kwargs["pk"], request=self.request
        )

    def create(self, request, *args, **kwargs):
        raw = ServiceSerializer(data=request.data)
        raw.is_valid(raise_exception=True)
        values = dict(raw.validated_data)
        case = self._case(parent_pk(request, values, "case", Case))
        result = service_record(
            actor=request.user,
            case=case,
            service_type=values["service_type"],
            delivered_on=values["delivered_on"],
            provider=values.get("provider"),
            note=values.get("note", ""),
            client_uuid=values.get("client_uuid"),
        )
        return self._created(result, ServiceSerializer)


router.register("services", ServiceViewSet, basename="service-delivery")


class EventViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _Scoped
):
    """Events; a temporary separation (Mẫu 07), a court request or an
    alternative-care placement is the commune leader's decision."""

    serializer_class = CaseEventSerializer
    filterset_class = EventFilter
    queryset = CaseEvent.objects.none()

    def get_queryset(self):
        return selectors.event_list(actor=self.request.user, request=self.request)

    def get_object(self):
        return selectors.event_get(
            actor=self.request.user, event_id=self.kwargs["pk"], request=self.request
        )

    def create(self, request, *args, **kwargs):
        raw = CaseEventSerializer(data=request.data)
        raw.is_valid(raise_exception=True)
        v = dict(raw.validated_data)
        case = self._case(parent_pk(request, v, "case", Case))
        # The service routes a decision to the leader's function (one rule, one place).
        result = case_event_add(actor=request.user, case=case, **v)
        return self._created(result, CaseEventSerializer)


router.register("events", EventViewSet, basename="case-event")
