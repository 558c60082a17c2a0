"""What every page form shares."""

from django.core.exceptions import ValidationError


def show_refusal(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: under the field it names, or
    above the form when it names none (or a field the form does not have)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def max_length_of(model, field: str) -> int | None:
    """A hand-declared form field takes its limit from the model field it fills
    (one validation truth), never a literal that drifts from the database."""
    return model._meta.get_field(field).max_length
