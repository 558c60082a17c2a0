"""The OpenAPI schema documents the error answers of socialwork.api.exceptions,
so a generated client knows every status an operation can give."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
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


def _answer(description, schema) -> dict:
    return {"description": str(description), "content": {"application/json": {"schema": schema}}}


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's schema plus the error answers every operation shares:
    401 (not signed in), 403 (role), 404 (missing, out of scope, or a bad cursor);
    400 where the request carries parameters or a body; 409 (a stale edit or a
    likely duplicate) on writes. An answer the view documents itself wins."""

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
