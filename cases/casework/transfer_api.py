"""API for handing work on (cases/casework/transfers.py): bulk reassignment,
transfer requests and their answers. Thin: serializers translate, the
services decide; errors go through the one handler."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from socialwork.accounts.capabilities import Allows
from socialwork.accounts.models import User
from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.api.pagination import CursorPagination
from socialwork.api.router import router
from socialwork.areas.models import AdministrativeUnit

from ..models import CaseTransfer, TransferStatus
from . import selectors, transfers


class TransferSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="case.beneficiary.full_name", read_only=True)

    class Meta:
        model = CaseTransfer
        fields = [
            "id", "case", "person", "from_commune", "to_commune", "to_province", "new_address",
            "reason", "status", "requested_at", "decided_at", "decision_note",
        ]  # fmt: skip
        read_only_fields = fields


class TransferRequestSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    to_commune = serializers.IntegerField(required=False)
    to_province = serializers.CharField(required=False, allow_blank=True, max_length=100)
    new_address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    reason = serializers.CharField()


class AcceptSerializer(serializers.Serializer):
    worker = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class DeclineSerializer(serializers.Serializer):
    note = serializers.CharField()


class ReassignSerializer(serializers.Serializer):
    leaving = serializers.IntegerField()
    successor = serializers.IntegerField()
    reason = serializers.CharField()


class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests addressed to the user's commune (list: ?status=, default all),
    and any transfer of a case the user sees (retrieve)."""

    serializer_class = TransferSerializer
    pagination_class = CursorPagination
    permission_classes = [Allows("case.work", write="case.transfer.request")]
    queryset = CaseTransfer.objects.none()

    def get_queryset(self):
        wanted = self.request.query_params.get("status")
        wanted = wanted if wanted in TransferStatus.values else None
        return transfers.transfer_inbox(actor=self.request.user, status=wanted)

    def get_object(self):
        return transfers.transfer_get(
            actor=self.request.user, transfer_id=self.kwargs["pk"], request=self.request
        )

    def _out(self, transfer, code=status.HTTP_200_OK):
        return Response(TransferSerializer(transfer).data, status=code)

    @extend_schema(request=TransferRequestSerializer, responses={201: TransferSerializer})
    def create(self, request):
        data = TransferRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        case = selectors.case_get(actor=request.user, case_id=values["case"], request=request)
        if values.get("to_commune"):
            commune = AdministrativeUnit.objects.filter(pk=values["to_commune"]).first()
            if commune is None:
                raise ValidationError({"to_commune": _("Xã nhận phải là một xã/phường của tỉnh.")})
            transfer = transfers.case_transfer_request(
                actor=request.user, case=case, to_commune=commune, reason=values["reason"],
                new_address=values.get("new_address", ""),
            )  # fmt: skip
        else:
            transfer = transfers.case_transfer_out_of_province(
                actor=request.user, case=case, to_province=values.get("to_province", ""),
                reason=values["reason"], new_address=values.get("new_address", ""),
            )  # fmt: skip
        return self._out(transfer, status.HTTP_201_CREATED)

    @extend_schema(request=AcceptSerializer, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        transfer = self.get_object()
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        worker = None
        if data.validated_data.get("worker"):
            worker = get_scoped_or_404(
                User.objects.all(), request.user, request, pk=data.validated_data["worker"]
            )
        transfer = transfers.case_transfer_accept(
            actor=request.user, transfer=transfer, worker=worker,
            note=data.validated_data.get("note", ""),
        )  # fmt: skip
        return self._out(transfer)

    @extend_schema(request=DeclineSerializer, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        transfer = self.get_object()
        data = DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = transfers.case_transfer_decline(
            actor=request.user, transfer=transfer, note=data.validated_data["note"]
        )
        return self._out(transfer)


class ReassignViewSet(viewsets.GenericViewSet):
    permission_classes = [Allows("case.reassign")]
    serializer_class = ReassignSerializer

    @extend_schema(request=ReassignSerializer, responses={200: dict})
    def create(self, request):
        data = ReassignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        people = User.objects.all()
        leaving = get_scoped_or_404(
            people, request.user, request, pk=data.validated_data["leaving"]
        )
        successor = get_scoped_or_404(
            people, request.user, request, pk=data.validated_data["successor"]
        )
        moved = transfers.cases_reassign(
            actor=request.user, leaving=leaving, successor=successor,
            reason=data.validated_data["reason"],
        )  # fmt: skip
        return Response({"reassigned": moved})


router.register("case-transfers", TransferViewSet, basename="case-transfer")
router.register("case-reassignments", ReassignViewSet, basename="case-reassignment")
