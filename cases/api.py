"""API of the register: /api/v1/beneficiaries/, households/, categories/, consents/.

Viewsets with explicit mixins; every create takes a client-generated UUID
(`client_uuid`) so a retried POST returns the first result (200) instead of
creating twice (201). The FilterSets are the ones the pages use.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from socialwork.accounts.models import AccessLog
from socialwork.api.pagination import CursorPagination, log_list
from socialwork.api.router import router
from socialwork.areas.models import AdministrativeUnit

from . import selectors, services
from .client_refs import parent_pk
from .filters import BeneficiaryFilter, ConsentFilter, HouseholdFilter
from .models import (
    Beneficiary,
    Category,
    Consent,
    ConsentBasis,
    DisabilityLevel,
    Ethnicity,
    Household,
    MaritalStatus,
    PovertyStatus,
    SelfCare,
    Sex,
    WorkCapacity,
)
from .scoping import can_view_sensitive


class SearchAwareCursorPagination(CursorPagination):
    """Cursor pages in id order; a name search returns its best matches ranked
    by similarity instead (one page, no cursor: the ranking is the order)."""

    def paginate_queryset(self, queryset, request, view=None):
        if request.query_params.get("q"):
            self.ranked = True
            self.page_size = self.get_page_size(request)
            self.base_url = request.build_absolute_uri()
            page = list(queryset[: self.page_size])
            log_list(request, queryset.model, len(page))
            return page
        self.ranked = False
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.ranked:
            return Response({"next": None, "previous": None, "results": data})
        return super().get_paginated_response(data)


# --- Serializers ------------------------------------------------------------------


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "group", "parent", "legal_reference", "sensitive",
                  "priority_child"]  # fmt: skip


class BeneficiaryListSerializer(serializers.ModelSerializer):
    commune_name = serializers.CharField(source="commune.name", read_only=True)

    class Meta:
        model = Beneficiary
        fields = ["id", "full_name", "identified", "registered_on", "birth_year", "sex",
                  "commune", "commune_name", "household", "version"]  # fmt: skip


# The Circular 02/2020 health items: null unless the reader may see them.
SENSITIVE_HEALTH = ("illness_type", "disability_certificate_number", "disability_certificate_date",
                    "treatment_history", "physical_state", "mental_state", "self_care",
                    "work_capacity")  # fmt: skip


class BeneficiaryDetailSerializer(BeneficiaryListSerializer):
    """Sensitive fields are null, and sensitive categories left out, unless
    the reader may see them; `restricted` says something was withheld."""

    categories = serializers.SerializerMethodField()
    restricted = serializers.SerializerMethodField()
    ethnicity = serializers.SerializerMethodField()
    disability_level = serializers.SerializerMethodField()
    health_notes = serializers.SerializerMethodField()

    class Meta(BeneficiaryListSerializer.Meta):
        fields = [*BeneficiaryListSerializer.Meta.fields, "birth_date", "cccd", "old_id_number",
                  "phone", "address", "relation_to_head", "marital_status", "occupation",
                  "education", "ethnicity", "disability_level", "health_notes", "categories",
                  "restricted", "merged_into", "created_at", "updated_at", "contact_person",
                  "school", "income", "current_benefits", "needs",
                  *SENSITIVE_HEALTH]  # fmt: skip

    def _sensitive(self, obj) -> bool:
        cache = self.context.setdefault("_sensitive", {})
        if obj.pk not in cache:
            cache[obj.pk] = can_view_sensitive(self.context["request"].user, obj)
        return cache[obj.pk]

    def get_categories(self, obj) -> list[str]:
        show = self._sensitive(obj)
        return [
            link.category.code
            for link in obj.category_links.all()
            if show or not link.category.sensitive
        ]

    def get_restricted(self, obj) -> bool:
        return not self._sensitive(obj)

    def get_ethnicity(self, obj) -> str | None:
        return obj.ethnicity.code if obj.ethnicity_id and self._sensitive(obj) else None

    def get_disability_level(self, obj) -> str | None:
        return obj.disability_level if self._sensitive(obj) else None

    def get_health_notes(self, obj) -> str | None:
        return obj.health_notes if self._sensitive(obj) else None

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if not self._sensitive(obj):
            for name in SENSITIVE_HEALTH:
                data[name] = None
        return data


class BeneficiaryInputSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    confirm_distinct = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(required=False, help_text="Required on update.")
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    identified = serializers.BooleanField(required=False, default=True)
    registered_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The date the person entered the register (was identified); today when "
        "left out on create. A future date is refused.",
    )
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    cccd = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20)
    old_id_number = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=12
    )
    ethnicity = serializers.SlugRelatedField(
        slug_field="code", queryset=Ethnicity.objects.all(), required=False, allow_null=True
    )
    marital_status = serializers.ChoiceField(
        choices=MaritalStatus.choices, required=False, allow_blank=True
    )
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    commune = serializers.PrimaryKeyRelatedField(
        queryset=AdministrativeUnit.objects.all(), required=False
    )
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    household = serializers.PrimaryKeyRelatedField(
        queryset=Household.objects.all(), required=False, allow_null=True
    )
    relation_to_head = serializers.CharField(required=False, allow_blank=True, max_length=40)
    occupation = serializers.CharField(required=False, allow_blank=True, max_length=120)
    education = serializers.CharField(required=False, allow_blank=True, max_length=120)
    disability_level = serializers.ChoiceField(choices=DisabilityLevel.choices, required=False)
    health_notes = serializers.CharField(required=False, allow_blank=True)
    contact_person = serializers.CharField(required=False, allow_blank=True, max_length=200)
    school = serializers.CharField(required=False, allow_blank=True, max_length=200)
    income = serializers.CharField(required=False, allow_blank=True, max_length=200)
    current_benefits = serializers.CharField(required=False, allow_blank=True)
    needs = serializers.CharField(required=False, allow_blank=True)
    illness_type = serializers.CharField(required=False, allow_blank=True, max_length=200)
    disability_certificate_number = serializers.CharField(
        required=False, allow_blank=True, max_length=50
    )
    disability_certificate_date = serializers.DateField(required=False, allow_null=True)
    treatment_history = serializers.CharField(required=False, allow_blank=True)
    physical_state = serializers.CharField(required=False, allow_blank=True)
    mental_state = serializers.CharField(required=False, allow_blank=True)
    self_care = serializers.ChoiceField(choices=SelfCare.choices, required=False, allow_blank=True)
    work_capacity = serializers.ChoiceField(
        choices=WorkCapacity.choices, required=False, allow_blank=True
    )
    categories = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, help_text="Category codes."
    )

    def service_data(self) -> dict:
        data = dict(self.validated_data)
        for key in ("client_uuid", "confirm_distinct", "version"):
            data.pop(key, None)
        if data.get("registered_on", "") is None:
            # Null: today on create (the service's default), unchanged on update.
            data.pop("registered_on")
        return data


class HouseholdSerializer(serializers.ModelSerializer):
    poverty = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = ["id", "code", "commune", "address", "head", "size", "livelihood", "version",
                  "poverty"]  # fmt: skip

    def get_poverty(self, obj) -> list[dict]:
        return [{"year": p.year, "status": p.status} for p in obj.poverty.all()]


class HouseholdInputSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    commune = serializers.PrimaryKeyRelatedField(queryset=AdministrativeUnit.objects.all())
    code = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    size = serializers.IntegerField(required=False, allow_null=True, default=None)
    livelihood = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class PovertyInputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PovertyStatus.choices)
    decision = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["id", "beneficiary", "basis", "given_on", "child_agreed", "guardian_agreed",
                  "guardian_name", "note", "withdrawn_on", "client_uuid"]  # fmt: skip
        read_only_fields = ["withdrawn_on"]


class ConsentInputSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    beneficiary = serializers.IntegerField(required=False)
    beneficiary_uuid = serializers.UUIDField(
        required=False, help_text="Instead of `beneficiary`: the client UUID it was created with."
    )
    basis = serializers.ChoiceField(choices=ConsentBasis.choices)
    given_on = serializers.DateField()
    child_agreed = serializers.BooleanField(required=False, default=False)
    guardian_agreed = serializers.BooleanField(required=False, default=False)
    guardian_name = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MergeInputSerializer(serializers.Serializer):
    remove = serializers.IntegerField(help_text="The duplicate record merged into this one.")


class DuplicateSerializer(serializers.Serializer):
    detail = serializers.CharField()
    candidates = BeneficiaryListSerializer(many=True)


# --- Viewsets ------------------------------------------------------------------------


class CategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The legal categories (reference data)."""

    serializer_class = CategorySerializer
    pagination_class = None
    queryset = Category.objects.none()

    def get_queryset(self):
        return selectors.category_list(actor=self.request.user)


class BeneficiaryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filter_backends = [DjangoFilterBackend]
    filterset_class = BeneficiaryFilter
    lookup_value_regex = r"\d+"
    pagination_class = SearchAwareCursorPagination
    queryset = Beneficiary.objects.none()

    def get_queryset(self):
        return selectors.beneficiary_list(actor=self.request.user, request=self.request)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return BeneficiaryInputSerializer
        if self.action == "list":
            return BeneficiaryListSerializer
        if self.action == "merge":
            return MergeInputSerializer
        return BeneficiaryDetailSerializer

    def get_object(self):
        beneficiary = selectors.beneficiary_get(
            actor=self.request.user, beneficiary_id=self.kwargs["pk"], request=self.request
        )
        return beneficiary

    def retrieve(self, request, *args, **kwargs):
        beneficiary = self.get_object()
        if selectors.beneficiary_has_sensitive(beneficiary=beneficiary):
            shown = can_view_sensitive(request.user, beneficiary)
            services.access_log_record(
                actor=request.user,
                action=AccessLog.Action.VIEW,
                object_type="cases.beneficiary",
                object_ids=[beneficiary.pk],
                request=request,
                detail="sensitive shown" if shown else "restricted",
            )
        return Response(self._detail(beneficiary))

    def _detail(self, beneficiary) -> dict:
        return BeneficiaryDetailSerializer(beneficiary, context=self.get_serializer_context()).data

    @extend_schema(
        request=BeneficiaryInputSerializer,
        responses={
            201: BeneficiaryDetailSerializer,
            200: OpenApiResponse(BeneficiaryDetailSerializer, description="Replayed create"),
            409: OpenApiResponse(DuplicateSerializer, description="Likely duplicates"),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = BeneficiaryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.service_data()
        if "commune" not in data and request.user.is_commune_level:
            # A commune worker registers in their own commune: the phone need not say which.
            data["commune"] = request.user.area
        try:
            result = services.beneficiary_register(
                actor=request.user,
                data=data,
                client_uuid=serializer.validated_data.get("client_uuid"),
                confirmed_distinct=serializer.validated_data["confirm_distinct"],
            )
        except services.DuplicateSuspected as exc:
            return Response(
                {
                    "detail": exc.messages[0],
                    "candidates": BeneficiaryListSerializer(exc.candidates, many=True).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        body = self._detail(result.beneficiary)
        body["warnings"] = result.warnings
        return Response(body, status=status.HTTP_201_CREATED if result.created else 200)

    @extend_schema(
        request=BeneficiaryInputSerializer,
        responses={200: BeneficiaryDetailSerializer, 409: OpenApiResponse(description="Stale")},
    )
    def partial_update(self, request, *args, **kwargs):
        beneficiary = self.get_object()
        serializer = BeneficiaryInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise serializers.ValidationError(
                {"version": [serializers.Field.default_error_messages["required"]]}
            )
        result = services.beneficiary_update(
            actor=request.user,
            beneficiary=beneficiary,
            data=serializer.service_data(),
            version=serializer.validated_data["version"],
        )
        body = self._detail(result.beneficiary)
        body["warnings"] = result.warnings
        return Response(body)

    @extend_schema(request=MergeInputSerializer, responses={200: BeneficiaryDetailSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        keep = self.get_object()
        serializer = MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        remove = selectors.beneficiary_get(
            actor=request.user, beneficiary_id=serializer.validated_data["remove"], request=request
        )
        keep = services.beneficiary_merge(actor=request.user, keep=keep, remove=remove)
        return Response(self._detail(keep))


class HouseholdViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filter_backends = [DjangoFilterBackend]
    filterset_class = HouseholdFilter
    lookup_value_regex = r"\d+"
    serializer_class = HouseholdSerializer
    queryset = Household.objects.none()

    def get_queryset(self):
        return selectors.household_list(actor=self.request.user).prefetch_related("poverty")

    def get_object(self):
        return selectors.household_get(
            actor=self.request.user, household_id=self.kwargs["pk"], request=self.request
        )

    @extend_schema(
        request=HouseholdInputSerializer,
        responses={201: HouseholdSerializer, 200: HouseholdSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = HouseholdInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        household, created = services.household_create(
            actor=request.user, **serializer.validated_data
        )
        return Response(HouseholdSerializer(household).data, status=201 if created else 200)

    @extend_schema(request=PovertyInputSerializer, responses={200: HouseholdSerializer})
    @action(detail=True, methods=["post"])
    def poverty(self, request, pk=None):
        household = self.get_object()
        serializer = PovertyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.household_set_poverty(
            actor=request.user, household=household, **serializer.validated_data
        )
        return Response(HouseholdSerializer(household).data)


class ConsentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filter_backends = [DjangoFilterBackend]
    filterset_class = ConsentFilter
    lookup_value_regex = r"\d+"
    serializer_class = ConsentSerializer
    queryset = Consent.objects.none()

    def get_queryset(self):
        return selectors.consent_list(actor=self.request.user)

    @extend_schema(
        request=ConsentInputSerializer, responses={201: ConsentSerializer, 200: ConsentSerializer}
    )
    def create(self, request, *args, **kwargs):
        serializer = ConsentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        beneficiary = selectors.beneficiary_get(
            actor=request.user,
            beneficiary_id=parent_pk(request, data, "beneficiary", Beneficiary),
            request=request,
        )
        consent, created = services.consent_record(
            actor=request.user, beneficiary=beneficiary, **data
        )
        return Response(ConsentSerializer(consent).data, status=201 if created else 200)


router.register("beneficiaries", BeneficiaryViewSet, basename="beneficiary")
router.register("households", HouseholdViewSet, basename="household")
router.register("categories", CategoryViewSet, basename="category")
router.register("consents", ConsentViewSet, basename="consent")
