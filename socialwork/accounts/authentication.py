"""Token authentication for phones: tokens stored hashed, expiring when idle."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        try:
            token = ApiToken.objects.select_related("user").get(key_hash=ApiToken.hash_key(key))
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from None
        now = timezone.now()
        idle = token.last_used_at < now - timedelta(days=settings.API_TOKEN_IDLE_DAYS)
        if idle or token.created_at < now - timedelta(days=settings.API_TOKEN_MAX_DAYS):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Mã truy cập đã hết hạn, hãy đăng nhập lại."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị khóa."))
        # Touch at most hourly: a write per request would be wasted on a busy phone.
        if token.last_used_at < now - timedelta(hours=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
