"""Factories of referrals, building on the case and facility factories."""

import factory
from django.utils import timezone

from cases.models import Referral, ReferralStatus, ReferralTransition
from cases.models.referrals import LegalBasis
from facilities.models import FacilityKind, ServiceType
from tests.cases.casework.factories import CaseFactory
from tests.facilities.factories import FacilityFactory
from tests.factories import CollaboratorUserFactory


def service(code: str = "cham_soc_khan_cap") -> ServiceType:
    """A catalogue entry; reloaded from the data migration's list where a
    transactional test (browser, two connections) flushed the table."""
    if not ServiceType.objects.exists():
        from django.apps import apps
        from django.utils.module_loading import import_string

        import_string("facilities.migrations.0002_service_catalogue.load")(apps, None)
    return ServiceType.objects.get(code=code)


class CentreFactory(FacilityFactory):
    name = factory.Sequence(lambda n: f"Trung tâm Công tác xã hội {n}")
    kind = FacilityKind.SOCIAL_WORK_CENTRE
    capacity = 20

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.services.set(extracted if extracted is not None else [service()])


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    beneficiary = factory.SelfAttribute("case.beneficiary")
    commune = factory.SelfAttribute("case.commune")
    sender = factory.SubFactory(CollaboratorUserFactory, area=factory.SelfAttribute("..commune"))
    to_facility = factory.SubFactory(CentreFactory)
    service_type = factory.LazyFunction(service)
    reason = "Cần nơi ở an toàn ngay."
    legal_basis = LegalBasis.STATUTORY
    status = ReferralStatus.SENT
    sent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def log(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            ReferralTransition.objects.create(
                referral=obj, to_status=ReferralStatus.SENT, actor=obj.sender, at=obj.sent_at
            )
