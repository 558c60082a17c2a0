"""API of the hotline call log: list/retrieve/record, and one action per step."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.api.router import router
from socialwork.areas.selectors import province_communes

from ..models import Beneficiary, HotlineCall
from ..models.casework import Urgency
from ..models.hotline import CallerType, CallIssue, CallKind
from . import selectors, services
from .filters import HotlineCallFilter


class HotlineCallSerializer(serializers.ModelSerializer):
    class Meta:
        model = HotlineCall
        fields = [
            "id",
            "facility",
            "received_at",
            "kind",
            "caller_type",
            "issue",
            "urgency",
            "call_reference",
            "from_111",
            "summary",
            "commune",
            "outcome",
            "advice_note",
            "response_due_at",
            "possible_crime",
            "police_notified_at",
            "police_unit",
            "reported_to_111_at",
            "case",
            "referral",
        ]
        read_only_fields = fields


class CallInputSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True, default=None)
    received_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=CallKind.choices)
    caller_type = serializers.ChoiceField(choices=CallerType.choices)
    issue = serializers.ChoiceField(choices=CallIssue.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    call_reference = serializers.CharField(required=False, allow_blank=True, default="")
    from_111 = serializers.BooleanField(required=False, default=False)
    reporter_name = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_phone = serializers.CharField(required=False, allow_blank=True, default="")
    summary = serializers.CharField()
    commune = serializers.PrimaryKeyRelatedField(
        queryset=province_communes(), required=False, allow_null=True, default=None
    )
    possible_crime = serializers.BooleanField(required=False, default=False)
    advice_note = serializers.CharField(required=False, allow_blank=True, default="")


class OpenCaseSerializer(serializers.Serializer):
    beneficiary = serializers.IntegerField(required=False, allow_null=True, default=None)
    full_name = serializers.CharField(required=False, allow_blank=True, default="")
    birth_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    is_child = serializers.BooleanField(required=False, default=True)
    needs_emergency_protection = serializers.BooleanField(required=False, default=False)


class PoliceSerializer(serializers.Serializer):
    police_unit = serializers.CharField()
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


@extend_schema(tags=["hotline"])
class HotlineCallViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The Social Work Centre's call log (department: all)."""

    queryset = HotlineCall.objects.none()
    serializer_class = HotlineCallSerializer
    filterset_class = HotlineCallFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HotlineCall.objects.none()
        filters = self.request.GET if self.action == "list" else None
        return selectors.call_list(actor=self.request.user, filters=filters)

    def filter_queryset(self, queryset):
        return queryset  # the selector applied the FilterSet

    def get_object(self):
        return selectors.call_get(
            actor=self.request.user, call_id=self.kwargs["pk"], request=self.request
        )

    @extend_schema(request=CallInputSerializer, responses={201: HotlineCallSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CallInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call = services.call_record(actor=request.user, **serializer.validated_data)
        return Response(HotlineCallSerializer(call).data, status=status.HTTP_201_CREATED)

    def _move(self, request, service, serializer_class=None, prepare=None):
        call = self.get_object()
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        if prepare is not None:
            prepare(data)
        call = service(actor=request.user, call=call, **data)
        return Response(HotlineCallSerializer(call).data)

    @extend_schema(request=OpenCaseSerializer, responses={200: HotlineCallSerializer})
    @action(detail=True, methods=["post"], url_path="open-case")
    def open_case(self, request, pk=None):
        """Open a case (also about a person not yet identified) in the person's commune."""

        def prepare(data):
            beneficiary_id = data.pop("beneficiary")
            data["beneficiary"] = (
                get_scoped_or_404(
                    Beneficiary.objects.all(), request.user, request, pk=beneficiary_id
                )
                if beneficiary_id
                else None
            )

        return self._move(request, services.call_open_case, OpenCaseSerializer, prepare)

    @extend_schema(request=PoliceSerializer, responses={200: HotlineCallSerializer})
    @action(detail=True, methods=["post"], url_path="notify-police")
    def notify_police(self, request, pk=None):
        return self._move(request, services.call_notify_police, PoliceSerializer)

    @extend_schema(request=None, responses={200: HotlineCallSerializer})
    @action(detail=True, methods=["post"], url_path="report-to-111")
    def report_to_111(self, request, pk=None):
        return self._move(request, services.call_report_to_111)


router.register("hotline-calls", HotlineCallViewSet, basename="hotline-call")
