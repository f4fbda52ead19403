from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from config import text

from .columns import KIND_ALIASES
from .models import RosterJob
from .safety import ALLOWED_EXTENSIONS, MB


class KindField(forms.ChoiceField):
    """A roster kind: its code or an alias (`mentors` is `external`, as the spec calls it)."""

    def to_python(self, value):
        value = super().to_python(value)
        return KIND_ALIASES.get(value, value)


class RosterUploadForm(forms.Form):
    kind = KindField(label=_("Roster"), choices=RosterJob.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(".xlsx, .xls, .ods or .csv (any common encoding), up to the size limit below."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    sheet = text.form_field(
        RosterJob,
        "sheet",
        label=_("Sheet"),
        required=False,
        help_text=_("Leave empty to read the first sheet that has the list."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ROSTER_MAX_UPLOAD_MB
        if upload.size > limit * MB:
            raise forms.ValidationError(_("The file is larger than %(limit)d MB.") % {"limit": limit})
        return upload
