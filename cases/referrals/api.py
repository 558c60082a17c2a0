"""API of referrals: list/retrieve/send, the facility inbox, and one action
per transition, each calling a service. Scoped by the selectors."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from facilities.models import Facility, ServiceType
from facilities.services import admission_accept_referral
from socialwork.accounts.capabilities import Allows
from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.api.router import router

from ..client_refs import parent_pk
from ..models import Case, Referral
from ..models.casework import Urgency
from ..models.referrals import LegalBasis
from . import selectors, services
from .filters import ReferralFilter


class ReferralSerializer(serializers.ModelSerializer):
    to_facility_name = serializers.CharField(source="to_facility.name", read_only=True)
    service_type_name = serializers.CharField(source="service_type.name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, default=False)
    response_hours = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "beneficiary",
            "commune",
            "sender",
            "sender_facility",
            "to_facility",
            "to_facility_name",
            "service_type",
            "service_type_name",
            "reason",
            "urgency",
            "child_emergency",
            "legal_basis",
            "legal_basis_note",
            "service_not_offered",
            "status",
            "sent_at",
            "received_at",
            "responded_at",
            "response_due_at",
            "response_hours",
            "escalated_at",
            "answered_on_behalf",
            "decline_reason",
            "feedback",
            "completed_at",
            "previous",
            "is_overdue",
        ]
        read_only_fields = fields


class ReferralSendSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True, default=None)
    case = serializers.IntegerField(required=False)
    case_uuid = serializers.UUIDField(
        required=False, help_text="Instead of `case`: the client UUID it was created with."
    )
    to_facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all())
    service_type = serializers.PrimaryKeyRelatedField(queryset=ServiceType.objects.all())
    reason = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices, default=LegalBasis.CONSENT)
    legal_basis_note = serializers.CharField(required=False, allow_blank=True, default="")
    previous = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class FeedbackSerializer(serializers.Serializer):
    feedback = serializers.CharField()


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["referrals"])
class ReferralViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Referrals the user may see; `inbox` lists a facility's incoming ones."""

    queryset = Referral.objects.none()
    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    permission_classes = [Allows("referral.read")]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        filters = self.request.GET if self.action in ("list", "inbox") else None
        if self.action == "inbox":
            return selectors.referral_inbox(actor=self.request.user, filters=filters)
        return selectors.referral_list(actor=self.request.user, filters=filters)

    def filter_queryset(self, queryset):
        return queryset  # the selector applied the FilterSet

    def get_object(self):
        return selectors.referral_get(
            actor=self.request.user, referral_id=self.kwargs["pk"], request=self.request
        )

    @extend_schema(request=ReferralSendSerializer, responses={201: ReferralSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ReferralSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case_id = parent_pk(request, data, "case", Case)
        case = get_scoped_or_404(Case.objects.all(), request.user, request, pk=case_id)
        previous_id = data.pop("previous")
        previous = None
        if previous_id:
            previous = selectors.referral_get(
                actor=request.user, referral_id=previous_id, request=request
            )
        sent = services.referral_send(actor=request.user, case=case, previous=previous, **data)
        body = ReferralSerializer(
            selectors.referral_get(actor=request.user, referral_id=sent.referral.pk)
        ).data
        body = {**body, "warnings": [str(w) for w in sent.warnings]}
        return Response(
            body, status=status.HTTP_201_CREATED if sent.created else status.HTTP_200_OK
        )

    @extend_schema(responses=ReferralSerializer(many=True))
    @action(detail=False, methods=["get"])
    def inbox(self, request):
        """The facility's incoming referrals: urgent on top, new first."""
        return self.list(request)

    def _move(self, request, service, serializer_class=None):
        referral = self.get_object()
        kwargs = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            kwargs = serializer.validated_data
        service(actor=request.user, referral=referral, **kwargs)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        return self._move(request, services.referral_receive)

    @extend_schema(request=NoteSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._move(request, admission_accept_referral, NoteSerializer)

    @extend_schema(request=ReasonSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._move(request, services.referral_decline, ReasonSerializer)

    @extend_schema(request=NoteSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"], url_path="start-service")
    def start_service(self, request, pk=None):
        return self._move(request, services.referral_start_service, NoteSerializer)

    @extend_schema(request=FeedbackSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._move(request, services.referral_complete, FeedbackSerializer)

    @extend_schema(request=ReasonSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._move(request, services.referral_cancel, ReasonSerializer)

    @extend_schema(request=ReasonSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(request, services.referral_close, ReasonSerializer)


router.register("referrals", ReferralViewSet, basename="referral")
