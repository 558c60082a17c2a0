"""API of the indicators app: definitions, targets (department edits),
snapshot values, computation runs (with a trigger action)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from socialwork.accounts.capabilities import can, require
from socialwork.api.router import router
from socialwork.areas.models import AdministrativeUnit

from . import catalogue, selectors, services
from .filters import IndicatorTargetFilter, IndicatorValueFilter, RunFilter
from .forms import PeriodField
from .models import ComputationRun, IndicatorTarget, IndicatorValue


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    group = serializers.CharField()
    numerator_text = serializers.CharField()
    denominator_text = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    sensitive_small_counts = serializers.BooleanField()
    computable = serializers.BooleanField()
    period_kinds = serializers.ListField(child=serializers.CharField())


class IndicatorViewSet(viewsets.ViewSet):
    """The catalogue: what each indicator means (no data)."""

    lookup_value_regex = r"[A-Za-z0-9\-]+"

    @extend_schema(responses=IndicatorSerializer(many=True))
    def list(self, request):
        return Response(IndicatorSerializer(catalogue.all_indicators(), many=True).data)

    @extend_schema(responses=IndicatorSerializer)
    def retrieve(self, request, pk=None):
        if pk not in catalogue.CATALOGUE:
            raise NotFound
        return Response(IndicatorSerializer(catalogue.get(pk)).data)


class TargetOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["id", "code", "unit", "year", "value", "confirmed", "source_note", "updated_at"]
        read_only_fields = fields


class TargetInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    unit = serializers.PrimaryKeyRelatedField(queryset=AdministrativeUnit.objects.current())
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    confirmed = serializers.BooleanField(default=True)
    source_note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ById(CursorPagination):
    ordering = "id"
    page_size = 100


class IndicatorTargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Targets per indicator, unit and year. Department staff create or
    change one with POST (same code, unit and year: changed in place)."""

    serializer_class = TargetOutputSerializer
    filterset_class = IndicatorTargetFilter
    pagination_class = ById

    def get_queryset(self):
        return selectors.target_list(actor=self.request.user)

    @extend_schema(request=TargetInputSerializer, responses=TargetOutputSerializer)
    def create(self, request, *args, **kwargs):
        require(request.user, "indicators.manage")
        data = TargetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = services.target_set(
            code=data.validated_data["code"],
            unit=data.validated_data["unit"],
            year=data.validated_data["year"],
            value=Decimal(data.validated_data["value"]),
            confirmed=data.validated_data["confirmed"],
            source_note=data.validated_data.get("source_note", ""),
            actor=request.user,
        )
        return Response(TargetOutputSerializer(target).data, status=status.HTTP_201_CREATED)


class ValueSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")
    suppressed = serializers.SerializerMethodField()

    def get_suppressed(self, obj) -> bool:
        return obj.pk in self.context.get("hidden", ())

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if data["suppressed"]:
            data.update(numerator=None, denominator=None, value=None)
        return data

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "code",
            "breakdown",
            "unit",
            "unit_name",
            "period_kind",
            "period_start",
            "period_end",
            "numerator",
            "denominator",
            "value",
            "source",
            "computed_at",
            "suppressed",
        ]
        read_only_fields = fields
        # Null when suppressed (small numbers; to_representation).
        extra_kwargs = {
            name: {"allow_null": True} for name in ("numerator", "denominator", "value")
        }


class IndicatorValueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Snapshot values; filter by code, unit and period ("2025" or "2025-06").
    Commune cells of sensitive indicators are suppressed as on the dashboard
    (numerator, denominator and value null, `suppressed` true), except for
    department staff, who keep the register itself."""

    serializer_class = ValueSerializer
    filterset_class = IndicatorValueFilter
    pagination_class = ById

    def get_queryset(self):
        return selectors.value_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        hidden = set()
        if not can(request.user, "indicators.manage"):
            hidden = selectors.suppressed_value_ids(rows)
        data = ValueSerializer(rows, many=True, context={"hidden": hidden}).data
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)


class RunSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ComputationRun
        fields = [
            "id",
            "period_kind",
            "period_start",
            "period_end",
            "status",
            "started_at",
            "finished_at",
            "duration",
            "rows",
            "error",
            "total_steps",
            "done_steps",
            "percent",
        ]
        read_only_fields = fields


class TriggerSerializer(serializers.Serializer):
    period = serializers.CharField(max_length=7, help_text="2025 or 2025-06")

    def validate_period(self, value):
        # The form field's parser: its ValidationError becomes this field's error.
        return PeriodField().clean(value)


class IndicatorRunViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Computation runs (progress is read here) and the trigger action."""

    serializer_class = RunSerializer
    filterset_class = RunFilter

    def get_queryset(self):
        return selectors.run_list(actor=self.request.user)

    @extend_schema(request=TriggerSerializer, responses={202: RunSerializer})
    @action(detail=False, methods=["post"])
    def trigger(self, request):
        require(request.user, "indicators.manage")
        data = TriggerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The dashboard's own path: the run row, then its message through the outbox.
        try:
            run = services.run_request(period=data.validated_data["period"], actor=request.user)
        except services.PeriodLocked:
            raise ValidationError({"period": [services.PeriodLocked.message()]}) from None
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-targets", IndicatorTargetViewSet, basename="indicator-target")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("indicator-runs", IndicatorRunViewSet, basename="indicator-run")
