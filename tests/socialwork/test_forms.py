"""One validation truth: every page form, API serializer and import column that
fills a model's text field takes that field's limit, so input that passes them
fits the database (a 10,000-character address is a form error, not a 500; an
import row that validates never fails the commit)."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.db import models
from rest_framework import serializers

from socialwork.spreadsheets.importers import _REGISTRY
from socialwork.spreadsheets.parsing import parse_text

# Typed with spaces, dots or a +84 and normalised by the service, which checks the
# stored form itself: the form accepts a little more than the column holds.
NORMALISED = {"cccd", "phone", "old_id_number"}
# Plain forms that fill one model's fields, by the same names.
FORM_MODELS = {
    "cases.forms.BeneficiaryForm": ("cases", "Beneficiary"),
    "cases.forms.ConsentForm": ("cases", "Consent"),
}
APPS = ["cases", "facilities", "collaborators", "socialwork"]


def _modules(suffix: str):
    for config in apps.get_app_configs():
        if not config.name.startswith(tuple(APPS)):
            continue
        for name in (f"{config.name}.{suffix}",):
            try:
                yield importlib.import_module(name)
            except ModuleNotFoundError:
                continue


def _char_field(model, name):
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 (not a model field)
        return None
    return field if isinstance(field, models.CharField) and not field.choices else None


def _form_pairs():
    for module in _modules("forms"):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            dotted = f"{cls.__module__}.{cls.__name__}"
            meta = getattr(cls, "_meta", None)
            model = getattr(meta, "model", None)
            if model is None and dotted in FORM_MODELS:
                model = apps.get_model(*FORM_MODELS[dotted])
            if model is None:
                continue
            for name, field in cls.base_fields.items():
                column = _char_field(model, name)
                if column is not None and isinstance(field, forms.CharField):
                    yield dotted, name, field.max_length, column.max_length


def _serializer_pairs():
    for module in _modules("api"):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                not issubclass(cls, serializers.ModelSerializer)
                or cls.__module__ != module.__name__
            ):
                continue
            model = getattr(getattr(cls, "Meta", None), "model", None)
            if model is None:
                continue
            try:
                fields = cls().fields
            except Exception:  # noqa: BLE001, S112 (needs a request's context to build)
                continue
            for name, field in fields.items():
                column = _char_field(model, field.source or name)
                if (
                    column is not None
                    and isinstance(field, serializers.CharField)
                    and not field.read_only
                ):
                    yield (
                        f"{cls.__module__}.{cls.__name__}",
                        name,
                        field.max_length,
                        column.max_length,
                    )


def _import_pairs():
    for kind, importer in _REGISTRY.items():
        for column in importer.columns:
            if column.parse is not parse_text:
                continue
            model, name = importer.stored_in.get(column.key, (importer.model, column.key))
            target = _char_field(model, name) if model is not None else None
            if target is not None:
                yield kind, column.key, importer.max_length(column), target.max_length


def _disagreements(pairs):
    return [
        (where, name, mine, theirs)
        for where, name, mine, theirs in pairs
        if name not in NORMALISED and (mine is None or mine > theirs)
    ]


@pytest.mark.parametrize("walk", [_form_pairs, _serializer_pairs, _import_pairs])
def test_every_limit_agrees_with_the_model(walk):
    pairs = list(walk())
    assert pairs, f"{walk.__name__} found nothing to check"
    assert _disagreements(pairs) == []


def test_the_register_forms_limits_come_from_the_model():
    from cases.forms import BeneficiaryForm
    from cases.models import Beneficiary

    for name in ("full_name", "address", "occupation"):
        limit = Beneficiary._meta.get_field(name).max_length
        assert BeneficiaryForm.base_fields[name].max_length == limit


def test_a_long_address_on_the_register_form_is_a_form_error(commune_a, collaborator_a):
    from cases.forms import BeneficiaryForm

    form = BeneficiaryForm({"address": "x" * 10_000, "full_name": "A"}, user=collaborator_a)

    assert not form.is_valid()
    assert "300" in form.errors["address"][0]


@pytest.mark.django_db
def test_an_import_cell_longer_than_its_column_names_the_column():
    from socialwork.spreadsheets.importers import get_importer

    values, errors = get_importer("beneficiaries").normalise({"full_name": "x" * 10_000})

    assert not values["full_name"]
    # Stored untranslated with its values (row_message), shown in the reader's language.
    named = [(e["column"], e["message"], e["params"]) for e in errors if "limit" in e["params"]]
    assert named == [
        ("Họ và tên", "Dài quá 200 ký tự (đang có 10000).", {"limit": 200, "length": 10000})
    ]


def test_the_apis_length_message_is_vietnamese(settings):
    from django.utils import translation

    field = serializers.CharField(max_length=5)
    with translation.override("vi"), pytest.raises(serializers.ValidationError) as refused:
        field.run_validation("x" * 6)
    message = str(refused.value.detail[0])
    assert "Ensure" not in message
    assert "5" in message
