from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.selectors import people_for_choice

from .models import Document, FeaturedMentor, NewsItem, PageText

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PageTextForm(forms.ModelForm):
    class Meta:
        model = PageText
        fields = ["title", "body", "status"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "date", "file", "status"]
        widgets = {"date": DATE}


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "date", "text", "picture", "picture_alt", "status"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 10})}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.get_kind_display()})"


class FeaturedMentorForm(forms.ModelForm):
    person = PersonChoiceField(
        queryset=people_for_choice(),
        required=False,
        label=_("Person in the registry"),
        help_text=_("Required for a student: the parent's consent to publication is checked in the registry."),
    )

    class Meta:
        model = FeaturedMentor
        fields = ["role", "person", "name", "role_text", "words", "photo", "order", "status"]
        widgets = {"words": forms.Textarea(attrs={"rows": 4})}
