from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    """The upload form of any import kind; a kind's own page may embed it with
    {% include "spreadsheets/_upload_form.html" with form=form kind=kind %}."""

    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) hoặc CSV"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
