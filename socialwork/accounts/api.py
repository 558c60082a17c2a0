"""The phone app's login: tokens for username-or-phone + password, logout, who am I."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from socialwork.api.router import router

from . import services, twofactor
from .authentication import ExpiringTokenAuthentication
from .forms import INVALID_LOGIN, LOCKED_OUT
from .models import ApiToken


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Tên đăng nhập hoặc số điện thoại"), max_length=150)
    password = serializers.CharField(label=_("Mật khẩu"), max_length=128, trim_whitespace=False)
    device = serializers.CharField(label=_("Thiết bị"), max_length=100, required=False, default="")
    otp = serializers.CharField(
        label=_("Mã xác thực hai lớp"),
        max_length=16,
        required=False,
        default="",
        help_text="Needed for the roles that sign in with two factors.",
    )


class AreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    area = AreaSerializer(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    must_change_password = serializers.BooleanField()


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown once: only its hash is stored.")
    user = MeSerializer()


class AuthViewSet(viewsets.GenericViewSet):
    """Phones log in here; the browser uses the session."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    # Token first: a phone whose token expired gets 401 ("log in again"), not 403.
    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenResponseSerializer})
    @action(
        detail=False,
        methods=["post"],
        permission_classes=[AllowAny],
        authentication_classes=[],
    )
    def token(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # django-axes counts failures and refuses locked username+IP pairs here too:
        # it sees the Django request, as on the login page.
        django_request = request._request
        user = authenticate(
            django_request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                return Response({"detail": LOCKED_OUT}, status=status.HTTP_403_FORBIDDEN)
            raise serializers.ValidationError({"non_field_errors": [INVALID_LOGIN]})
        if twofactor.needs_second_factor(user):
            if not twofactor.has_device(user):
                message = _("Hãy cài đặt xác thực hai lớp trên trình duyệt trước.")
                raise serializers.ValidationError({"otp": [message]})
            if twofactor.user_for_code(user, data.validated_data["otp"]) is None:
                raise serializers.ValidationError({"otp": [twofactor.WRONG_CODE]})
        _token, key = services.api_token_create(user=user, name=data.validated_data["device"])
        return Response(
            {"token": key, "user": MeSerializer(user).data}, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={204: None})
    @action(detail=False, methods=["post"])
    def logout(self, request):
        """Ends the token this request came with (other phones keep theirs)."""
        if isinstance(request.auth, ApiToken):
            services.api_token_delete(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(MeSerializer(request.user).data)


router.register("auth", AuthViewSet, basename="auth")
