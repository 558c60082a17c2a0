"""Creates that name their parent by the client UUID the phone gave it.

The offline outbox queues dependent items (a visit to a case opened offline,
the case of a person registered offline) before any of them has a server id;
each names its parent by the parent's `client_uuid`. The parent is looked up
within the user's scope, like an id, so another commune's UUID is a 404.
"""

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from socialwork.accounts.scoping import get_scoped_or_404

NAME_ONE = _("Hãy chọn %(parent)s: theo mã số hoặc theo mã của mục gửi từ điện thoại.")


def parent_pk(request, values: dict, field: str, model: type[Model]) -> int:
    """The id of the `field` parent, given as an id (`field`) or as the UUID
    (`<field>_uuid`) it was created with. Pops both from `values`."""
    ref = values.pop(f"{field}_uuid", None)
    value = values.pop(field, None)
    if value is not None:
        return getattr(value, "pk", value)
    if ref is None:
        raise ValidationError(
            {field: NAME_ONE % {"parent": model._meta.verbose_name}}, code="required"
        )
    return get_scoped_or_404(model.objects.all(), request.user, request, client_uuid=ref).pk
