"""The OpenAPI schema documents the error answers of socialwork.api.exceptions,
so a generated client knows every status an operation can give."""

import copy

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.plumbing import is_list_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.settings import api_settings

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def _validation_errors() -> dict:
    return {
        "type": "object",
        "description": str(
            _(
                'Lỗi theo từng trường: {"trường": ["thông báo", …]}; lỗi không thuộc '
                'trường nào nằm dưới khóa "%(key)s".'
            )
            % {"key": api_settings.NON_FIELD_ERRORS_KEY}
        ),
        "additionalProperties": {
            "oneOf": [{"type": "array", "items": {}}, {"type": "object"}],
        },
    }


def _model_allows_blank(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False


def _answer(description, schema) -> dict:
    return {"description": str(description), "content": {"application/json": {"schema": schema}}}


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's schema plus the error answers every operation shares:
    401 (not signed in), 403 (role), 404 (missing, out of scope, or a bad cursor);
    400 where the request carries parameters or a body; 409 (a stale edit or a
    likely duplicate) on writes. An answer the view documents itself wins."""

    def _is_list_view(self, serializer=None):
        # A plain ViewSet's `list` that declares one object (the coverage
        # report) answers that object, not an array of them.
        if (
            serializer is not None
            and not isinstance(self.view, GenericAPIView)
            and not is_list_serializer(serializer)
            and not isinstance(serializer, dict)
        ):
            return False
        return super()._is_list_view(serializer)

    def _map_basic_serializer(self, serializer, direction):
        # A serializer that answers some readers a shorter form (a colleague's
        # collaborator record: id and name) names what may be missing in
        # Meta.schema_optional; the rest stay required.
        schema = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(getattr(serializer, "Meta", None), "schema_optional", ()))
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # ModelSerializer drops allow_blank from read-only fields, yet a blank
        # choice column answers "": declare it, as the model allows it.
        if (
            isinstance(field, serializers.ChoiceField)
            and field.read_only
            and not field.allow_blank
            and _model_allows_blank(field)
        ):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        responses = operation.setdefault("responses", {})
        errors = {
            "401": _answer(_("Chưa đăng nhập hoặc mã truy cập không hợp lệ."), _DETAIL),
            "403": _answer(_("Vai trò này không được làm việc này."), _DETAIL),
            "404": _answer(_("Không có, hoặc ngoài phạm vi của người dùng."), _DETAIL),
        }
        has_input = "requestBody" in operation or any(
            parameter.get("in") == "query" for parameter in operation.get("parameters", [])
        )
        if has_input:
            errors["400"] = _answer(_("Dữ liệu gửi lên không hợp lệ."), _validation_errors())
        if self.method != "GET":
            errors["409"] = _answer(
                _("Bản ghi vừa được người khác sửa, hoặc có thể đã có."), _DETAIL
            )
        for code, answer in errors.items():
            responses.setdefault(code, answer)
        return operation
