"""API of social assistance, registered on the one router:

/api/v1/allowance-applications/  (+ review, objection, resolve-objection, decide, withdraw,
                                   overdue, posting)
/api/v1/allowance-entitlements/  (+ stop)
/api/v1/payment-lists/           (+ generate, lock, xlsx, pdf)
/api/v1/payments/
/api/v1/funeral-supports/        (+ decide, pay)
/api/v1/emergency-events/, /api/v1/emergency-supports/
/api/v1/health-insurance-cards/  (+ generate)
/api/v1/allowance-reports/headline/, /report-10a/ … /report-10d/
/api/v1/allowance-coefficients/

Every read goes through a scoped selector (another commune's id: 404;
leadership: 403 on personal rows, aggregates in allowance-reports).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases import selectors as case_selectors
from socialwork.api.filters import MAX_YEAR, MIN_YEAR
from socialwork.api.pagination import CursorPagination
from socialwork.api.router import router
from socialwork.areas.models import AdministrativeUnit

from . import exports, reports, selectors
from .filters import ApplicationFilter, EntitlementFilter, PaymentFilter, PaymentListFilter
from .models import (
    AllowanceApplication,
    AllowanceEntitlement,
    Coefficient,
    EmergencyEvent,
    EmergencyKind,
    EmergencySupport,
    EndReason,
    FuneralSupport,
    Group,
    HealthInsuranceCard,
    Payment,
    PaymentList,
    SubCase,
)
from .services import applications, emergencies, funerals, payment_lists


def _commune(actor, commune_id) -> AdministrativeUnit:
    """A commune the actor may work on (another commune: 404)."""
    from django.http import Http404

    if commune_id is None:
        raise Http404
    communes = selectors.commune_ids_for(actor)
    if communes is not None and int(commune_id) not in communes:
        raise Http404
    try:
        return AdministrativeUnit.objects.communes().get(pk=commune_id)
    except AdministrativeUnit.DoesNotExist:
        raise Http404 from None


# --- Serializers --------------------------------------------------------------------


class CoefficientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Coefficient
        fields = [
            "id",
            "group",
            "sub_case",
            "min_age",
            "max_age",
            "coefficient",
            "valid_from",
            "valid_to",
            "legal_basis",
            "needs_review",
            "note",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    beneficiary_name = serializers.CharField(source="beneficiary.full_name", read_only=True)

    class Meta:
        model = AllowanceApplication
        fields = [
            "id",
            "beneficiary",
            "beneficiary_name",
            "commune",
            "village",
            "group",
            "sub_case",
            "form",
            "children_count",
            "disability_certified_on",
            "status",
            "filed_on",
            "review_due",
            "reviewed_on",
            "posted_until",
            "decision_due",
            "decided_on",
            "decision_number",
            "rejection_reason",
            "note",
        ]
        read_only_fields = fields


class ApplicationInputSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    beneficiary = serializers.IntegerField()
    group = serializers.ChoiceField(choices=Group.choices)
    sub_case = serializers.ChoiceField(choices=SubCase.choices, required=False, default="")
    filed_on = serializers.DateField()
    children_count = serializers.IntegerField(min_value=0, required=False, default=0)
    disability_certified_on = serializers.DateField(required=False, allow_null=True, default=None)
    village = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    eligible = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ObjectionSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    summary = serializers.CharField()


class ResolveSerializer(serializers.Serializer):
    objection = serializers.IntegerField()
    resolved_on = serializers.DateField()
    upheld = serializers.BooleanField()
    resolution = serializers.CharField()


class DecideSerializer(serializers.Serializer):
    decided_on = serializers.DateField()
    approve = serializers.BooleanField()
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EntitlementSerializer(serializers.ModelSerializer):
    beneficiary_name = serializers.CharField(source="beneficiary.full_name", read_only=True)

    class Meta:
        model = AllowanceEntitlement
        fields = [
            "id",
            "beneficiary",
            "beneficiary_name",
            "commune",
            "group",
            "sub_case",
            "units",
            "coefficient",
            "start_month",
            "end_month",
            "end_reason",
            "ended_on",
            "stop_decision_number",
            "stop_decided_on",
            "application",
            "decision_number",
            "decided_on",
        ]
        read_only_fields = fields


class StopSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=EndReason.choices)
    on = serializers.DateField()
    decision_number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The chairman's stopping decision: its number (printed on the decision).",
    )
    decided_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Its date; today if omitted."
    )


class PaymentListSerializer(serializers.ModelSerializer):
    commune_name = serializers.CharField(source="commune.name", read_only=True)

    class Meta:
        model = PaymentList
        fields = [
            "id",
            "commune",
            "commune_name",
            "month",
            "status",
            "standard",
            "people",
            "total_amount",
            "total_arrears",
            "added",
            "removed",
            "changed",
            "generated_at",
            "locked_at",
        ]
        read_only_fields = fields


class GenerateSerializer(serializers.Serializer):
    month = serializers.DateField()
    commune = serializers.IntegerField(required=False, allow_null=True, default=None)


class GenerateResultSerializer(serializers.Serializer):
    month = serializers.DateField()
    lists = serializers.IntegerField()
    payments = serializers.IntegerField()
    arrears_items = serializers.IntegerField()
    skipped_locked = serializers.ListField(child=serializers.IntegerField())


class PaymentSerializer(serializers.ModelSerializer):
    beneficiary_name = serializers.CharField(source="beneficiary.full_name", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "payment_list",
            "beneficiary",
            "beneficiary_name",
            "month",
            "groups",
            "coefficient",
            "standard",
            "amount",
            "arrears",
            "method",
            "bank_name",
            "account_number",
            "change",
            "previous_amount",
            "change_reason",
        ]
        read_only_fields = fields


class FuneralSerializer(serializers.ModelSerializer):
    class Meta:
        model = FuneralSupport
        fields = [
            "id",
            "beneficiary",
            "commune",
            "died_on",
            "applicant_name",
            "applicant_relation",
            "filed_on",
            "decision_due",
            "status",
            "amount",
            "decision_number",
            "decided_on",
            "paid_on",
        ]
        read_only_fields = fields


class FuneralInputSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    beneficiary = serializers.IntegerField()
    died_on = serializers.DateField()
    filed_on = serializers.DateField()
    applicant_name = serializers.CharField()
    applicant_relation = serializers.CharField(required=False, allow_blank=True, default="")
    amount = serializers.IntegerField(required=False, allow_null=True, default=None)


class FuneralDecideSerializer(serializers.Serializer):
    decided_on = serializers.DateField()
    approve = serializers.BooleanField()
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")


class PaySerializer(serializers.Serializer):
    paid_on = serializers.DateField()


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmergencyEvent
        fields = ["id", "name", "kind", "started_on", "ended_on", "description"]
        read_only_fields = ["id", "ended_on"]


class EmergencySupportSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmergencySupport
        fields = [
            "id",
            "event",
            "commune",
            "household",
            "beneficiary",
            "kind",
            "persons",
            "months",
            "rice_kg",
            "amount",
            "decided_on",
            "paid_on",
        ]
        read_only_fields = fields


class EmergencyInputSerializer(serializers.Serializer):
    event = serializers.IntegerField()
    commune = serializers.IntegerField()
    household = serializers.IntegerField(required=False, allow_null=True, default=None)
    beneficiary = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=EmergencyKind.choices)
    decided_on = serializers.DateField()
    persons = serializers.IntegerField(min_value=0, required=False, default=1)
    months = serializers.IntegerField(min_value=0, required=False, default=0)
    amount = serializers.IntegerField(min_value=0, required=False, default=0)


class CardSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthInsuranceCard
        fields = [
            "id",
            "beneficiary",
            "commune",
            "status",
            "card_number",
            "listed_on",
            "issued_on",
            "valid_to",
        ]
        read_only_fields = fields


class CardGenerateSerializer(serializers.Serializer):
    listed_on = serializers.DateField()
    commune = serializers.IntegerField(required=False, allow_null=True, default=None)


# --- Viewsets ---------------------------------------------------------------------------


class CoefficientViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The dated coefficient table (reference data)."""

    serializer_class = CoefficientSerializer
    pagination_class = None
    queryset = Coefficient.objects.none()

    def get_queryset(self):
        return selectors.coefficient_list(actor=self.request.user)


class PostingQuerySerializer(serializers.Serializer):
    commune = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Mặc định: xã của người dùng.")
    )
    village = serializers.CharField(required=False, default="", allow_blank=True, max_length=120)


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApplicationFilter
    pagination_class = CursorPagination
    serializer_class = ApplicationSerializer
    queryset = AllowanceApplication.objects.none()

    def get_queryset(self):
        return selectors.application_list(actor=self.request.user)

    def get_object(self):
        return selectors.application_get(actor=self.request.user, application_id=self.kwargs["pk"])

    def _out(self, application, status=200):
        return Response(ApplicationSerializer(application).data, status=status)

    @extend_schema(request=ApplicationInputSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        data = ApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        beneficiary = case_selectors.beneficiary_get(
            actor=request.user, beneficiary_id=values.pop("beneficiary"), request=request
        )
        application, created = applications.application_submit(
            actor=request.user, beneficiary=beneficiary, **values
        )
        return self._out(application, 201 if created else 200)

    @extend_schema(request=ReviewSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        # The record first: another commune's id is a 404 whatever the body.
        application = self.get_object()
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = applications.application_review(
            actor=request.user,
            application=application,
            **data.validated_data,
        )
        return self._out(application)

    @extend_schema(request=ObjectionSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        # The record first: another commune's id is a 404 whatever the body.
        application = self.get_object()
        data = ObjectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        applications.objection_record(
            actor=request.user,
            application=application,
            **data.validated_data,
        )
        application.refresh_from_db()
        return self._out(application)

    @extend_schema(request=ResolveSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="resolve-objection")
    def resolve_objection(self, request, pk=None):
        # The record first: another commune's id is a 404 whatever the body.
        application = self.get_object()
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        objection = application.objections.filter(pk=values.pop("objection")).first()
        if objection is None:
            from django.http import Http404

            raise Http404
        applications.objection_resolve(actor=request.user, objection=objection, **values)
        application.refresh_from_db()
        return self._out(application)

    @extend_schema(request=DecideSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        # The record first: another commune's id is a 404 whatever the body.
        application = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = applications.application_decide(
            actor=request.user,
            application=application,
            **data.validated_data,
        )
        return self._out(application)

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = applications.application_withdraw(
            actor=request.user, application=self.get_object()
        )
        return self._out(application)

    # Both lists are bounded and answered whole: no cursor pages.
    @extend_schema(responses={200: ApplicationSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def overdue(self, request):
        rows = selectors.applications_overdue(actor=request.user, today=timezone.localdate())[:500]
        return Response(ApplicationSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[PostingQuerySerializer], responses={200: ApplicationSerializer(many=True)}
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def posting(self, request):
        query = PostingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        commune = _commune(
            request.user, query.validated_data.get("commune") or request.user.area_id
        )
        rows = selectors.posting_list(
            actor=request.user, commune_id=commune.pk, village=query.validated_data["village"]
        )
        return Response(ApplicationSerializer(rows, many=True).data)


class EntitlementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend]
    filterset_class = EntitlementFilter
    pagination_class = CursorPagination
    serializer_class = EntitlementSerializer
    queryset = AllowanceEntitlement.objects.none()

    def get_queryset(self):
        return selectors.entitlement_list(actor=self.request.user)

    def get_object(self):
        return selectors.entitlement_get(actor=self.request.user, entitlement_id=self.kwargs["pk"])

    @extend_schema(request=StopSerializer, responses={200: EntitlementSerializer})
    @action(detail=True, methods=["post"])
    def stop(self, request, pk=None):
        # The record first: another commune's id is a 404 whatever the body.
        entitlement = self.get_object()
        data = StopSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entitlement = applications.entitlement_stop(
            actor=request.user,
            entitlement=entitlement,
            **data.validated_data,
        )
        return Response(EntitlementSerializer(entitlement).data)


class PaymentListViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend]
    filterset_class = PaymentListFilter
    pagination_class = CursorPagination
    serializer_class = PaymentListSerializer
    queryset = PaymentList.objects.none()

    def get_queryset(self):
        return selectors.payment_list_list(actor=self.request.user)

    def get_object(self):
        return selectors.payment_list_get(actor=self.request.user, list_id=self.kwargs["pk"])

    @extend_schema(request=GenerateSerializer, responses={200: GenerateResultSerializer})
    @action(detail=False, methods=["post"])
    def generate(self, request):
        data = GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commune_id = data.validated_data["commune"]
        communes = None if commune_id is None else [_commune(request.user, commune_id)]
        result = payment_lists.payment_lists_generate(
            actor=request.user,
            month=data.validated_data["month"],
            communes=communes,
        )
        return Response(GenerateResultSerializer(result).data)

    @extend_schema(request=None, responses={200: PaymentListSerializer})
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        payment_list = payment_lists.payment_list_lock(
            actor=request.user, payment_list=self.get_object()
        )
        return Response(PaymentListSerializer(payment_list).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        selectors.payment_rows(actor=request.user)  # leadership: 403 (personal data)
        return exports.payment_list_xlsx(request, self.get_object())

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        selectors.payment_rows(actor=request.user)
        return exports.payment_list_pdf(request, self.get_object())


class PaymentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend]
    filterset_class = PaymentFilter
    pagination_class = CursorPagination
    serializer_class = PaymentSerializer
    queryset = Payment.objects.none()

    def get_queryset(self):
        return selectors.payment_rows(actor=self.request.user)


class FuneralViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    pagination_class = CursorPagination
    serializer_class = FuneralSerializer
    queryset = FuneralSupport.objects.none()

    def get_queryset(self):
        return selectors.funeral_list(actor=self.request.user)

    def get_object(self):
        return selectors.funeral_get(actor=self.request.user, funeral_id=self.kwargs["pk"])

    @extend_schema(request=FuneralInputSerializer, responses={201: FuneralSerializer})
    def create(self, request, *args, **kwargs):
        data = FuneralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        beneficiary = case_selectors.beneficiary_get(
            actor=request.user, beneficiary_id=values.pop("beneficiary"), request=request
        )
        funeral, created = funerals.funeral_apply(
            actor=request.user, beneficiary=beneficiary, **values
        )
        return Response(FuneralSerializer(funeral).data, status=201 if created else 200)

    @extend_schema(request=FuneralDecideSerializer, responses={200: FuneralSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        # The record first: another commune's id is a 404 whatever the body.
        funeral = self.get_object()
        data = FuneralDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        funeral = funerals.funeral_decide(
            actor=request.user,
            funeral=funeral,
            **data.validated_data,
        )
        return Response(FuneralSerializer(funeral).data)

    @extend_schema(request=PaySerializer, responses={200: FuneralSerializer})
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        # The record first: another commune's id is a 404 whatever the body.
        funeral = self.get_object()
        data = PaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        funeral = funerals.funeral_pay(
            actor=request.user,
            funeral=funeral,
            **data.validated_data,
        )
        return Response(FuneralSerializer(funeral).data)


class EmergencyEventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = EventSerializer
    queryset = EmergencyEvent.objects.none()

    def get_queryset(self):
        return selectors.event_list(actor=self.request.user)

    def get_object(self):
        return selectors.event_get(actor=self.request.user, event_id=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        data = EventSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {
            k: v
            for k, v in data.validated_data.items()
            if k in ("name", "kind", "started_on", "description")
        }
        event = emergencies.emergency_event_create(actor=request.user, **values)
        return Response(EventSerializer(event).data, status=201)


class EmergencySupportViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    pagination_class = CursorPagination
    serializer_class = EmergencySupportSerializer
    queryset = EmergencySupport.objects.none()

    def get_queryset(self):
        return selectors.emergency_list(actor=self.request.user)

    @extend_schema(request=EmergencyInputSerializer, responses={201: EmergencySupportSerializer})
    def create(self, request, *args, **kwargs):
        data = EmergencyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        commune = _commune(request.user, values.pop("commune"))
        event = selectors.event_get(actor=request.user, event_id=values.pop("event"))
        household_id, beneficiary_id = values.pop("household"), values.pop("beneficiary")
        household = (
            case_selectors.household_get(
                actor=request.user, household_id=household_id, request=request
            )
            if household_id
            else None
        )
        beneficiary = (
            case_selectors.beneficiary_get(
                actor=request.user, beneficiary_id=beneficiary_id, request=request
            )
            if beneficiary_id
            else None
        )
        support = emergencies.emergency_support_record(
            actor=request.user,
            event=event,
            commune=commune,
            household=household,
            beneficiary=beneficiary,
            **values,
        )
        return Response(EmergencySupportSerializer(support).data, status=201)


class CardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    pagination_class = CursorPagination
    serializer_class = CardSerializer
    queryset = HealthInsuranceCard.objects.none()

    def get_queryset(self):
        return selectors.card_list(actor=self.request.user)

    @extend_schema(request=CardGenerateSerializer, responses={200: None})
    @action(detail=False, methods=["post"])
    def generate(self, request):
        data = CardGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commune_id = data.validated_data["commune"]
        communes = None if commune_id is None else [_commune(request.user, commune_id)]
        added = payment_lists.health_insurance_cards_list(
            actor=request.user,
            listed_on=data.validated_data["listed_on"],
            communes=communes,
        )
        return Response({"added": added})


class ReportPeriodSerializer(serializers.Serializer):
    """The period of a report, from the query string."""

    year = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=_("Năm báo cáo.")
    )
    half = serializers.ChoiceField(
        choices=[1, 2], required=False, help_text=_("1 hoặc 2; bỏ trống là cả năm.")
    )
    cutoff_day = serializers.ChoiceField(
        choices=[1, 15],
        default=15,
        help_text=_("Ngày chốt: 15 (từ ngày 15 đến ngày 14, mặc định) hoặc 1."),
    )


class ReportViewSet(viewsets.ViewSet):
    """Aggregates only: leadership may read them; commune users get their commune."""

    def _period(self, request) -> reports.Period:
        period = ReportPeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        return reports.report_period(
            period.validated_data.get("year") or timezone.localdate().year,
            period.validated_data.get("half"),
            cutoff_day=period.validated_data["cutoff_day"],
        )

    _params = [ReportPeriodSerializer]

    @extend_schema(parameters=_params, responses={200: dict})
    @action(detail=False, methods=["get"])
    def headline(self, request):
        period = self._period(request)
        return Response(
            {"period": str(period)} | reports.headline(actor=request.user, period=period)
        )

    @extend_schema(parameters=_params, responses={200: dict})
    @action(detail=False, methods=["get"], url_path="report-10a")
    def report_10a(self, request):
        period = self._period(request)
        return Response(
            {"period": str(period), "rows": reports.report_10a(actor=request.user, period=period)}
        )

    @extend_schema(parameters=_params, responses={200: dict})
    @action(detail=False, methods=["get"], url_path="report-10b")
    def report_10b(self, request):
        period = self._period(request)
        return Response(
            {"period": str(period), "rows": reports.report_10b(actor=request.user, period=period)}
        )

    @extend_schema(parameters=_params, responses={200: dict})
    @action(detail=False, methods=["get"], url_path="report-10c")
    def report_10c(self, request):
        period = self._period(request)
        report = reports.report_10c(actor=request.user, period=period)
        return Response(
            {
                "period": str(period),
                "first_month": report["first_month"],
                "last_month": report["last_month"],
                "rows": report["rows"],
                "total": report["total"],
            }
        )

    @extend_schema(parameters=_params, responses={200: dict})
    @action(detail=False, methods=["get"], url_path="report-10d")
    def report_10d(self, request):
        period = self._period(request)
        return Response(
            {"period": str(period)} | reports.report_10d(actor=request.user, period=period)
        )


router.register("allowance-coefficients", CoefficientViewSet, basename="allowance-coefficient")
router.register("allowance-applications", ApplicationViewSet, basename="allowance-application")
router.register("allowance-entitlements", EntitlementViewSet, basename="allowance-entitlement")
router.register("payment-lists", PaymentListViewSet, basename="payment-list")
router.register("payments", PaymentViewSet, basename="payment")
router.register("funeral-supports", FuneralViewSet, basename="funeral-support")
router.register("emergency-events", EmergencyEventViewSet, basename="emergency-event")
router.register("emergency-supports", EmergencySupportViewSet, basename="emergency-support")
router.register("health-insurance-cards", CardViewSet, basename="health-insurance-card")
router.register("allowance-reports", ReportViewSet, basename="allowance-report")
