"""Factories shared by every app's tests. App-specific factories live in
tests/<app>/factories.py and build on these."""

import datetime

import factory
from django.conf import settings

from socialwork.accounts.models import Role, User
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level
from socialwork.search import search_key


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code_set", "level", "code")
        skip_postgeneration_save = True

    code = factory.LazyFunction(lambda: settings.PORTAL_PROVINCE_CODE)
    code_set = CodeSet.CURRENT
    level = Level.PROVINCE
    name = "Tỉnh Đắk Lắk"
    division_type = "tỉnh"
    search_name = factory.LazyAttribute(lambda o: search_key(o.name))
    valid_from = datetime.date(2025, 7, 1)

    @factory.post_generation
    def self_province(obj, create, extracted, **kwargs):  # noqa: N805
        if create and obj.province_id is None:
            obj.province = obj
            obj.save(update_fields=["province"])


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code_set", "level", "code")

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    code_set = CodeSet.CURRENT
    level = Level.COMMUNE
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    division_type = "xã"
    search_name = factory.LazyAttribute(lambda o: search_key(o.name))
    parent = factory.SubFactory(ProvinceFactory)
    province = factory.SelfAttribute("parent")
    valid_from = datetime.date(2025, 7, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Lan"
    last_name = "Nguyễn Thị"
    role = Role.DEPARTMENT
    area = factory.SubFactory(ProvinceFactory)
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-1")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class CollaboratorUserFactory(UserFactory):
    role = Role.COLLABORATOR
    area = factory.SubFactory(CommuneFactory)


class CommuneOfficialFactory(UserFactory):
    role = Role.COMMUNE_OFFICIAL
    area = factory.SubFactory(CommuneFactory)


class CommuneLeaderFactory(UserFactory):
    role = Role.COMMUNE_LEADER
    area = factory.SubFactory(CommuneFactory)


class LeadershipUserFactory(UserFactory):
    role = Role.LEADERSHIP


class FacilityUserFactory(UserFactory):
    role = Role.FACILITY


class AdminUserFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True
