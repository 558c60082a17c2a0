import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialwork.accounts import twofactor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_prints_the_code_the_set_up_page_accepts(capsys, settings):
    settings.DEMO_DATA_ALLOWED = True
    user = UserFactory(username="demo.so")
    device = twofactor.totp_device_start(user=user)

    call_command("demo_code", "demo.so")
    code = capsys.readouterr().out.strip()

    twofactor.totp_device_confirm(user=user, device=device, code=code)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    UserFactory(username="demo.so")

    with pytest.raises(CommandError):
        call_command("demo_code", "demo.so")


def test_a_login_without_an_app_is_told_to_sign_in_first(settings):
    settings.DEMO_DATA_ALLOWED = True
    UserFactory(username="demo.so")

    with pytest.raises(CommandError, match="sign in once"):
        call_command("demo_code", "demo.so")
