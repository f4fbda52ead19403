from django import forms

from .models import School


class SchoolForm(forms.ModelForm):
    website = forms.URLField(
        label=School._meta.get_field("website").verbose_name.capitalize(), required=False, assume_scheme="https"
    )

    class Meta:
        model = School
        fields = ["name", "short_name", "director", "address", "town", "district", "phone", "email", "website"]
