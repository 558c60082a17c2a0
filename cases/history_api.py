"""GET /api/v1/history/?beneficiary=<id> (or ?case=<id>): what changed, old →
new, paginated (page, page_size), through the same selector as the pages
(cases/history.py): scoped (another commune's id is a 404), sensitive values
masked for those who may not see them, leadership refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination

from socialwork.accounts.capabilities import Allows
from socialwork.api.router import router

from . import selectors
from .casework import selectors as case_selectors
from .history import case_history, person_history
from .models import Beneficiary

MAX_EVENTS = 500


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    label = serializers.CharField()
    who = serializers.CharField(allow_null=True)
    changes = ChangeSerializer(many=True)


class HistoryPagination(PageNumberPagination):
    page_size = 30
    page_size_query_param = "page_size"
    max_page_size = 100


class HistoryViewSet(viewsets.GenericViewSet):
    serializer_class = HistoryEntrySerializer
    pagination_class = HistoryPagination
    permission_classes = [Allows("person.read")]
    # Only for the schema generator: the list reads one record's history.
    queryset = Beneficiary.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("beneficiary", int, required=False),
            OpenApiParameter("case", int, required=False),
        ]
    )
    def list(self, request):
        user, params = request.user, request.query_params
        if params.get("case", "").isdigit():
            case = case_selectors.case_get(actor=user, case_id=int(params["case"]), request=request)
            entries = case_history(actor=user, case=case, limit=MAX_EVENTS)
        elif params.get("beneficiary", "").isdigit():
            person = selectors.beneficiary_get(
                actor=user, beneficiary_id=int(params["beneficiary"]), request=request
            )
            entries = person_history(actor=user, beneficiary=person, limit=MAX_EVENTS)
        else:
            raise ValidationError({"beneficiary": _("Hãy chọn một đối tượng hoặc một trường hợp.")})
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)


router.register("history", HistoryViewSet, basename="history")
