from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

# One message whatever was wrong (unknown login, wrong password, deactivated):
# no hint of which part.
INVALID_LOGIN = _("Tên đăng nhập hoặc mật khẩu không đúng.")
LOCKED_OUT = _(
    "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút "
    "hoặc liên hệ cán bộ Sở để được hỗ trợ."
)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập hoặc số điện thoại"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
    }
