import factory
from django.core.files.base import ContentFile

from socialwork.spreadsheets.models import ImportJob
from tests.factories import UserFactory


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    kind = "beneficiaries"
    file = factory.LazyFunction(lambda: ContentFile(b"a,b\n", name="danh-sach.csv"))
    original_name = "danh-sach.csv"
    created_by = factory.SubFactory(UserFactory)
