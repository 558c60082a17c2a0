"""The beneficiary register: people, households, legal categories, consent.

The minimum data set is Circular 02/2020/TT-BLĐTBXH's client record (DOMAIN
§4.1). Sensitive items (DOMAIN §8: ethnicity, health and disability, HIV,
drug use, abuse, criminal matters) live in their own fields or in categories
flagged `sensitive`, so pages and exports can leave them out as a whole.
"""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import ExtractYear, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_BIRTH_DATE = datetime.date(1900, 1, 1)
MIN_BIRTH_YEAR = 1900


def _today() -> datetime.date:
    """Today in the portal's time zone (the default registration date)."""
    return timezone.localdate()


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class DisabilityLevel(models.TextChoices):
    # Law on Persons with Disabilities 2010 Art. 3: the three levels.
    NONE = "none", _("Không khuyết tật")
    MILD = "mild", _("Khuyết tật nhẹ")
    SEVERE = "severe", _("Khuyết tật nặng")
    ESPECIALLY_SEVERE = "especially_severe", _("Khuyết tật đặc biệt nặng")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Chưa kết hôn")
    MARRIED = "married", _("Đã kết hôn")
    DIVORCED = "divorced", _("Ly hôn / ly thân")
    WIDOWED = "widowed", _("Góa")


class SelfCare(models.TextChoices):
    # Circular 02/2020 client record: "khả năng tự phục vụ".
    INDEPENDENT = "independent", _("Tự phục vụ được")
    PARTLY = "partly", _("Cần hỗ trợ một phần")
    DEPENDENT = "dependent", _("Không tự phục vụ được")


class WorkCapacity(models.TextChoices):
    # Circular 02/2020 client record: "khả năng lao động".
    FULL = "full", _("Còn khả năng lao động")
    PARTIAL = "partial", _("Suy giảm khả năng lao động")
    NONE = "none", _("Không có khả năng lao động")


class PovertyStatus(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    NONE = "none", _("Không nghèo")


class CategoryGroup(models.TextChoices):
    DECREE_20 = "decree20", _("Đối tượng bảo trợ xã hội (NĐ 20/2021, Điều 5)")
    CHILD_SPECIAL = "child_special", _("Trẻ em có hoàn cảnh đặc biệt (Luật Trẻ em, Điều 10)")
    VULNERABLE = "vulnerable", _("Nhóm yếu thế khác")


class ConsentBasis(models.TextChoices):
    PERSON = "person", _("Sự đồng ý của chính người đó")
    # A child of 7 or more consents together with the parent (Decree 13 Art. 20,
    # Law 91/2025 Art. 24); under 7 the parent or guardian alone.
    CHILD_AND_PARENT = "child_and_parent", _("Trẻ em từ đủ 7 tuổi và cha mẹ/người giám hộ")
    GUARDIAN = "guardian", _("Cha mẹ/người giám hộ (trẻ dưới 7 tuổi, người mất năng lực)")
    STATUTORY = "statutory", _("Thực hiện nhiệm vụ theo quy định của pháp luật")
    EMERGENCY = "emergency", _("Tình huống khẩn cấp (bảo vệ tính mạng, sức khỏe)")


class Ethnicity(models.Model):
    """The 54 ethnic groups, with the GSO codes (loaded by a migration)."""

    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = models.CharField(_("tên dân tộc"), max_length=60)

    class Meta:
        verbose_name = _("dân tộc")
        verbose_name_plural = _("dân tộc")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


# The people indicator TGXH-966a counts (Decision 966/QĐ-TTg): flagged by the
# commune as in extreme hardship with no one to care for them. A category of
# its own (migration 0007), held beside the person's legal categories.
NO_CARER_CATEGORY = "YT-KHONGCHAMSOC"


class Category(models.Model):
    """A legal target group or sub-case (data, loaded by a migration).

    Coefficients and amounts are not here: they change by decree and date and
    live with the allowances.
    """

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=300)
    group = models.CharField(_("nhóm"), max_length=20, choices=CategoryGroup.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc nhóm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    legal_reference = models.CharField(_("căn cứ pháp lý"), max_length=200, blank=True)
    # DOMAIN §8: HIV, drug use, abuse, trafficking, criminal matters, health.
    sensitive = models.BooleanField(_("dữ liệu nhạy cảm"), default=False)
    # The children counted by indicator CTXH-05 (Decision 112 target 5).
    priority_child = models.BooleanField(_("trẻ em ưu tiên (CTXH-05)"), default=False)
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("nhóm đối tượng")
        verbose_name_plural = _("nhóm đối tượng")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Household(models.Model):
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    code = models.CharField(_("mã hộ"), max_length=30, blank=True)
    commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    # Circular 02/2020: the household's size counts everyone living in it,
    # registered or not, so it is recorded rather than counted from members.
    size = models.PositiveSmallIntegerField(_("số nhân khẩu"), null=True, blank=True)
    livelihood = models.CharField(
        _("nguồn sống chính của hộ"), max_length=300, blank=True, default="", db_default=""
    )
    head = models.ForeignKey(
        "cases.Beneficiary",
        verbose_name=_("chủ hộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_households",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")

    def __str__(self) -> str:
        return self.code or _("Hộ số %(id)s") % {"id": self.pk}


class HouseholdPoverty(models.Model):
    """The household's poverty status in one year (the lists are reviewed yearly)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="poverty")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=PovertyStatus.choices)
    decision = models.CharField(_("quyết định công nhận"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("hộ nghèo/cận nghèo theo năm")
        verbose_name_plural = _("hộ nghèo/cận nghèo theo năm")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"], name="cases_poverty_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="cases_poverty_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_status_display()}"


class BeneficiaryQuerySet(models.QuerySet):
    def active(self):
        """Records not merged into another one."""
        return self.filter(merged_into__isnull=True)


# The words of the search key, as the GIN index below stores them and the name
# search asks for them (socialwork.search.search_words is the Python twin).
SEARCH_WORDS = Func(
    F("search_key"), Value(" "), function="string_to_array", output_field=ArrayField(TextField())
)


@pghistory.track(exclude=["search_key"])
class Beneficiary(models.Model):
    """A person in the register (đối tượng). May be unidentified for a while."""

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    # Accent-free key ("nguyen van duc"), computed by the database with the
    # immutable vn_search_key(): the trigram index below serves name search.
    search_key = models.GeneratedField(
        expression=Func(F("full_name"), function="vn_search_key", output_field=models.TextField()),
        output_field=models.TextField(),
        db_persist=True,
    )
    # False: "a child at the market" from a hotline report, completed later.
    identified = models.BooleanField(_("đã xác định danh tính"), default=True)
    # The date the person entered the register (was identified by the commune
    # or a worker), not the row's insert time: a province importing its
    # existing register at go-live keeps its history. Indicators count a
    # person from this day; a category link without `since` counts from it.
    registered_on = models.DateField(
        _("ngày đăng ký"),
        default=_today,
        help_text=_(
            "Ngày người này được đưa vào sổ đăng ký (được phát hiện, xác định). Các chỉ tiêu "
            "tính người này từ ngày này; nhóm đối tượng không ghi “từ ngày” cũng tính từ ngày này."
        ),
    )
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    # Kept even when only the year is known (common for the elderly).
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices, blank=True)
    cccd = models.CharField(_("số CCCD/định danh"), max_length=12, null=True, blank=True)
    old_id_number = models.CharField(_("số CMND cũ (9 số)"), max_length=9, null=True, blank=True)
    ethnicity = models.ForeignKey(
        Ethnicity,
        verbose_name=_("dân tộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    marital_status = models.CharField(
        _("tình trạng hôn nhân"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="beneficiaries",
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    relation_to_head = models.CharField(_("quan hệ với chủ hộ"), max_length=40, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, blank=True)
    education = models.CharField(_("trình độ học vấn"), max_length=120, blank=True)
    # The rest of the Circular 02/2020 client record. Text columns carry a
    # database default so set-based inserts (demo, import) need not name them.
    contact_person = models.CharField(
        _("người liên hệ"), max_length=200, blank=True, default="", db_default=""
    )
    school = models.CharField(
        _("trường đang học"), max_length=200, blank=True, default="", db_default=""
    )
    income = models.CharField(_("thu nhập"), max_length=200, blank=True, default="", db_default="")
    current_benefits = models.TextField(
        _("chế độ, chính sách đang hưởng"), blank=True, default="", db_default=""
    )
    needs = models.TextField(
        _("nhu cầu cần hỗ trợ (ưu tiên trước)"), blank=True, default="", db_default=""
    )
    disability_level = models.CharField(
        _("mức độ khuyết tật"),
        max_length=20,
        choices=DisabilityLevel.choices,
        default=DisabilityLevel.NONE,
    )
    # Sensitive (health): type of disability or illness, self-care ability.
    health_notes = models.TextField(_("tình trạng sức khỏe, khuyết tật"), blank=True)
    # Sensitive too (DOMAIN §8, health): shown and exported with health_notes.
    illness_type = models.CharField(
        _("dạng tật, loại bệnh"), max_length=200, blank=True, default="", db_default=""
    )
    disability_certificate_number = models.CharField(
        _("số giấy xác nhận khuyết tật"), max_length=50, blank=True, default="", db_default=""
    )
    disability_certificate_date = models.DateField(
        _("ngày cấp giấy xác nhận khuyết tật"), null=True, blank=True
    )
    treatment_history = models.TextField(
        _("quá trình điều trị"), blank=True, default="", db_default=""
    )
    physical_state = models.TextField(
        _("tình trạng thể chất"), blank=True, default="", db_default=""
    )
    mental_state = models.TextField(
        _("tình trạng tinh thần"), blank=True, default="", db_default=""
    )
    self_care = models.CharField(
        _("khả năng tự phục vụ"), max_length=12, choices=SelfCare.choices, blank=True,
        default="", db_default="",
    )  # fmt: skip
    work_capacity = models.CharField(
        _("khả năng lao động"), max_length=12, choices=WorkCapacity.choices, blank=True,
        default="", db_default="",
    )  # fmt: skip
    categories = models.ManyToManyField(
        Category,
        through="BeneficiaryCategory",
        verbose_name=_("nhóm đối tượng"),
        related_name="beneficiaries",
        blank=True,
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        editable=False,
        db_index=False,  # partial index below: almost every row is NULL
    )
    # Optimistic concurrency: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("đối tượng")
        verbose_name_plural = _("đối tượng")
        constraints = [
            models.UniqueConstraint(
                fields=["cccd"], condition=Q(cccd__isnull=False), name="cases_benef_cccd_unique"
            ),
            models.CheckConstraint(
                condition=Q(cccd__isnull=True) | Q(cccd__regex=r"^[0-9]{12}$"),
                name="cases_benef_cccd_12_digits",
            ),
            models.CheckConstraint(
                condition=Q(old_id_number__isnull=True) | Q(old_id_number__regex=r"^[0-9]{9}$"),
                name="cases_benef_old_id_9_digits",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_year__isnull=False),
                name="cases_benef_birth_year_with_date",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_year=ExtractYear("birth_date")),
                name="cases_benef_birth_year_matches_date",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True)
                | (Q(birth_date__gte=MIN_BIRTH_DATE) & Q(birth_date__lte=Now())),
                name="cases_benef_birth_date_range",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | (Q(birth_year__gte=MIN_BIRTH_YEAR) & Q(birth_year__lte=ExtractYear(Now()))),
                name="cases_benef_birth_year_range",
            ),
            # An identified person has a name; an unidentified one may not.
            models.CheckConstraint(
                condition=Q(identified=False) | ~Q(full_name=""),
                name="cases_benef_identified_has_name",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=F("pk")),
                name="cases_benef_not_merged_into_self",
            ),
        ]
        indexes = [
            GinIndex(
                fields=["search_key"], opclasses=["gin_trgm_ops"], name="cases_benef_search_trgm"
            ),
            # The key's words: the forgiving name search matches word arrays
            # (`@>` every typed word, `&&` one of its close spellings); see
            # cases/name_search.py.
            GinIndex(SEARCH_WORDS, name="cases_benef_search_words"),
            # Whoever bears exactly the typed key (and the importer's match by
            # name): the trigram index answers equality too, but rechecks every
            # row sharing the trigrams of "nguyen thi", a third of the province.
            # With the id: the search's newest CAP bearers of a common exact
            # name ("nguyen van duc") are read in order, not all of them sorted.
            models.Index(fields=["search_key", "id"], name="cases_benef_search_key"),
            # A commune's people newest first: a collaborator's list, filtered by
            # a common category, walks these and probes each one's links. The
            # key and merged_into are carried along: a name searched within a
            # commune is matched on the index alone (an index-only scan, newest
            # first until the page's candidates are found), not on 10,000 rows
            # scattered over the table's pages.
            models.Index(
                fields=["commune", "-id"],
                include=["merged_into", "search_key"],
                name="cases_benef_commune_id_words",
            ),
            # The duplicate guard and list filters narrow by commune, then year.
            models.Index(fields=["commune", "birth_year"], name="cases_benef_commune_year"),
            # How many people each commune has (coverage, reports): counted from
            # the index alone; the plain commune index must read every row for
            # merged_into, the whole table for a province's counts. merged_into
            # is included, not a key nor a partial index's condition: either
            # would offer the planner a whole-table bitmap on "merged_into IS
            # NULL" where the word index should serve a search.
            models.Index(
                fields=["commune"], include=["merged_into"], name="cases_benef_active_commune"
            ),
            models.Index(fields=["birth_year"], name="cases_benef_birth_year"),
            models.Index(fields=["phone"], name="cases_benef_phone"),
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="cases_benef_merged_into",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or _("Chưa rõ danh tính (số %(id)s)") % {"id": self.pk}


class BeneficiaryCategory(models.Model):
    """A person is in a legal category (a person may be in several)."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="category_links"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    since = models.DateField(
        _("từ ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Để trống: tính từ ngày đăng ký của người này. Một người chỉ được tính vào nhóm "
            "từ ngày muộn hơn trong hai ngày: ngày đăng ký và ngày này."
        ),
    )
    until = models.DateField(
        _("đến ngày"), null=True, blank=True, help_text=_("Ngày cuối cùng còn thuộc nhóm.")
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nhóm của đối tượng")
        verbose_name_plural = _("nhóm của đối tượng")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "category"], name="cases_benefcat_unique"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="cases_benefcat_period",
            ),
        ]
        indexes = [
            # A group's people newest first (a name search within a common
            # group walks them and probes each person: cases/name_search.py).
            models.Index(fields=["category", "beneficiary"], name="cases_benefcat_category_person"),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id}: {self.category_id}"


class Consent(models.Model):
    """Consent to process the person's data, with its legal basis (DOMAIN §8)."""

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="consents")
    basis = models.CharField(_("căn cứ"), max_length=20, choices=ConsentBasis.choices)
    given_on = models.DateField(_("ngày"))
    child_agreed = models.BooleanField(_("trẻ em đồng ý"), default=False)
    guardian_agreed = models.BooleanField(_("cha mẹ/người giám hộ đồng ý"), default=False)
    guardian_name = models.CharField(_("họ tên cha mẹ/người giám hộ"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    withdrawn_on = models.DateField(_("ngày rút lại"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự đồng ý")
        verbose_name_plural = _("sự đồng ý")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(basis=ConsentBasis.CHILD_AND_PARENT)
                | (Q(child_agreed=True) & Q(guardian_agreed=True) & ~Q(guardian_name="")),
                name="cases_consent_child_and_parent",
            ),
            models.CheckConstraint(
                condition=~Q(basis=ConsentBasis.GUARDIAN)
                | (Q(guardian_agreed=True) & ~Q(guardian_name="")),
                name="cases_consent_guardian",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="cases_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} ({self.given_on:%d/%m/%Y})"


class NameWord(models.Model):
    """Every distinct word of the register's name keys ("nguyen", "h'hen"),
    with its letters sorted (a transposed pair keeps them). The forgiving
    search expands each typed word against this table by edit distance: a
    few thousand rows in a real province, whatever the number of people.

    Filled by a trigger on the register (and set-based by the generator and
    the migration); never pruned: a word nobody bears any more only makes a
    candidate that matches no one."""

    word = models.TextField(primary_key=True)
    letters = models.TextField(db_index=True)

    def __str__(self) -> str:
        return self.word
