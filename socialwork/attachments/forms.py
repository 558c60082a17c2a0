from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DocumentType


class AttachmentForm(forms.Form):
    # Record pages hold other forms with a "note": the prefix keeps the ids apart.
    prefix = "attachment"

    # `capture` opens the camera on a phone; accept still lets a PDF be chosen.
    file = forms.FileField(
        label=_("Tệp (ảnh hoặc PDF)"),
        required=False,
        # Empty and missing files get the service's own message.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": "image/*,application/pdf", "capture": True}),
    )
    document_type = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentType.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=200, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do gỡ bỏ"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: đính kèm nhầm hồ sơ, nhầm tệp."),
    )
