"""The public page's documents as lines of the monitoring checklist (the open API's `checklist`, api/).

Registered from PublicConfig.ready() in config/integrations.py: the API cannot import this app. Only
published documents dated on or before the checklist's date count, each with its public link.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from config.integrations import ChecklistItem

from .models import Document

# Checklist code → the document kind that answers it.
KIND_OF_ITEM = {
    "regulation": Document.Kind.REGULATION,
    "roadmap_document": Document.Kind.ROADMAP,
    "orders": Document.Kind.ORDER,
    "programmes": Document.Kind.PROGRAMME,
}


def documents_checklist(as_of: datetime.date) -> list[ChecklistItem]:
    """One item per checklist code above, present when a published document of its kind exists by `as_of`."""
    titles = {
        "regulation": _("Regulations on mentoring (положение)"),
        "roadmap_document": _("Roadmap of the target model (document)"),
        "orders": _("Orders: introducing the model, appointing the curator, fixing the pairs"),
        "programmes": _("Mentoring programmes"),
    }
    documents: dict[str, list[Document]] = {}
    for document in Document.objects.published().filter(date__lte=as_of).order_by("date", "pk"):
        documents.setdefault(document.kind, []).append(document)
    items = []
    for code, kind in KIND_OF_ITEM.items():
        found = documents.get(kind, [])
        links = [
            {
                "title": d.title,
                "date": d.date.isoformat(),
                "url": reverse("public:document_file", args=[d.pk]),
            }
            for d in found
        ]
        items.append(ChecklistItem(code=code, title=titles[code], present=bool(found), count=len(found), links=links))
    return items
