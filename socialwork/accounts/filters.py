"""The one FilterSet for the list of users (page and selector share it)."""

import django_filters
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from socialwork.api.filters import BooleanFilter, NamedModelChoiceFilter
from socialwork.areas.selectors import province_communes
from socialwork.search import search_key

from .models import Role, User
from .phones import normalize_phone


def _communes(request=None):
    return province_communes()


class UserFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=Role.choices)
    commune = NamedModelChoiceFilter(label=_("Xã/phường"), field_name="area", queryset=_communes)
    active = BooleanFilter(label=_("Đang hoạt động"), field_name="is_active")
    q = django_filters.CharFilter(
        label=_("Tìm theo tên, tên đăng nhập hoặc số điện thoại"), method="filter_q"
    )

    class Meta:
        model = User
        fields = ["role", "commune", "active", "q"]

    def filter_q(self, queryset, name, value):
        # Accent-free: "nguyen thi lan" finds "Nguyễn Thị Lan".
        key = Func(Concat(F("last_name"), Value(" "), F("first_name")), function="vn_search_key")
        match = Q(name_key__contains=search_key(value)) | Q(username__icontains=value.strip())
        phone = normalize_phone(value)
        if phone:
            match |= Q(phone=phone)
        return queryset.alias(name_key=key).filter(match)
