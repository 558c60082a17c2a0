"""API viewsets of socialwork.areas, registered on the one router."""

from rest_framework import mixins, serializers, viewsets
from rest_framework.pagination import CursorPagination

from socialwork.api.router import router

from . import selectors
from .filters import AdministrativeUnitFilter
from .models import AdministrativeUnit


class AdministrativeUnitOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "code_set",
            "level",
            "name",
            "division_type",
            "parent",
            "province",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class ByCodePagination(CursorPagination):
    # Codes are unique within the current code set, so the cursor is stable.
    ordering = "code"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class AdministrativeUnitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The 2025 two-tier map: provinces and communes (public reference data)."""

    serializer_class = AdministrativeUnitOutputSerializer
    pagination_class = ByCodePagination
    filterset_class = AdministrativeUnitFilter

    def get_queryset(self):
        # Filtering happens in filter_queryset (the FilterSet), on top of scope.
        return selectors.unit_list(actor=self.request.user)


router.register("areas", AdministrativeUnitViewSet, basename="area")
