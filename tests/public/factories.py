import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from public.models import Document, FeaturedMentor, NewsItem, Status
from tests.factories import StudentFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(name="polozhenie.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name="photo.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"Новость {n}")
    date = datetime.date(2024, 9, 1)
    text = "Текст новости о наставничестве."
    status = Status.PUBLISHED


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = Document.Kind.REGULATION
    title = factory.Sequence(lambda n: f"Положение о наставничестве {n}")
    date = datetime.date(2020, 12, 1)
    file = factory.LazyFunction(pdf_upload)
    content_type = "application/pdf"
    status = Status.PUBLISHED


class FeaturedMentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeaturedMentor

    role = FeaturedMentor.Role.TEACHER
    name = factory.Sequence(lambda n: f"Лучшая Наставница {n}")
    role_text = "учитель физики"
    words = "Помогла молодым коллегам."
    status = Status.PUBLISHED


def consented_student(**kwargs):
    kwargs.setdefault("publication_consent", True)
    kwargs.setdefault("publication_consent_date", datetime.date(2024, 9, 1))
    return StudentFactory(**kwargs)


def student_without_consent(**kwargs):
    kwargs.setdefault("publication_consent", False)
    return StudentFactory(**kwargs)
