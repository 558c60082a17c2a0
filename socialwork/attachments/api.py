"""API: a record's attachments (list, upload) and one attachment's bytes.

    GET, POST /api/v1/attachments/<kind>/<owner_id>/   (multipart: file, document_type, note)
    GET       /api/v1/attachments/<id>/                its description
    GET       /api/v1/attachments/<id>/content/        the file (logged)
    POST      /api/v1/attachments/<id>/withdraw/       withdraw it (reason): attached by mistake

The record goes through the user's scope of its own kind: another commune's
id is a 404, like on the pages."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from socialwork.accounts.capabilities import Allows
from socialwork.api.router import router

from . import selectors, services
from .models import Attachment, DocumentType
from .responses import serve
from .sealing import open_name


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "owner_kind",
            "owner_id",
            "document_type",
            "note",
            "name",
            "content_type",
            "size",
            "uploaded_at",
            "uploaded_by",
            "download_url",
        ]

    def get_name(self, obj) -> str:
        return getattr(obj, "name", None) or open_name(obj)

    def get_download_url(self, obj) -> str:
        return reverse("attachments:download", args=[obj.pk])


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, allow_empty_file=True)
    document_type = serializers.ChoiceField(choices=DocumentType.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class RecordAttachmentViewSet(viewsets.ViewSet):
    permission_classes = [Allows("attachment.read", write="attachment.add")]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=AttachmentSerializer(many=True))
    def list(self, request, kind: str, owner_id: str):
        _, record = selectors.record_get(
            actor=request.user, kind=kind, owner_id=owner_id, request=request
        )
        rows = selectors.attachment_list(actor=request.user, record=record)
        return Response(AttachmentSerializer(rows, many=True).data)

    @extend_schema(request=AttachmentUploadSerializer, responses={201: AttachmentSerializer})
    def create(self, request, kind: str, owner_id: str):
        _, record = selectors.record_get(
            actor=request.user, kind=kind, owner_id=owner_id, request=request
        )
        data = AttachmentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            actor=request.user,
            record=record,
            upload=data.validated_data.get("file"),
            document_type=data.validated_data["document_type"],
            note=data.validated_data.get("note", ""),
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentViewSet(viewsets.ViewSet):
    permission_classes = [Allows("attachment.read")]

    @extend_schema(responses=AttachmentSerializer)
    def retrieve(self, request, pk: str):
        attachment = selectors.attachment_get(actor=request.user, attachment_id=pk, request=request)
        return Response(AttachmentSerializer(attachment).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def content(self, request, pk: str):
        attachment = selectors.attachment_get(actor=request.user, attachment_id=pk, request=request)
        name, content = selectors.attachment_open(
            actor=request.user, attachment=attachment, request=request
        )
        return serve(name, content, attachment.content_type)

    @extend_schema(request=WithdrawSerializer, responses={204: None})
    @action(detail=True, methods=["post"], permission_classes=[Allows("attachment.remove")])
    def withdraw(self, request, pk: str):
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.attachment_withdraw(
            actor=request.user,
            attachment_id=pk,
            reason=data.validated_data["reason"],
            request=request,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


router.register(
    r"attachments/(?P<kind>[a-z]+)/(?P<owner_id>[0-9]+)",
    RecordAttachmentViewSet,
    basename="record-attachments",
)
router.register("attachments", AttachmentViewSet, basename="attachment")
