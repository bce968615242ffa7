"""How a list of recommendations is ordered: by relevance when searching, else newest first."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

# "recent" (newest records first) is the default when not searching: it walks the primary key
# index, so a broad filter (a theme holding 30,000 recommendations) still answers at once.
SORTS = {
    "relevance": None,
    "recent": ("-pk",),
    "paragraph": ("review__session", "paragraph", "pk"),
    "newest": ("-date", "-pk"),
    "oldest": ("date", "pk"),
    "body": ("body__code", "paragraph", "pk"),
}


SORT_LABELS = {
    "relevance": _("Relevance"),
    "recent": _("Recently added"),
    "paragraph": _("Session and paragraph"),
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "body": _("Body"),
}


def sort_recommendations(qs: QuerySet, sort: str | None, *, searching: bool) -> QuerySet:
    """Apply a named sort; relevance (the order search gave) is the default when searching."""
    if not sort or sort not in SORTS:
        sort = "relevance" if searching else "recent"
    order = SORTS[sort]
    if order is None:
        return qs if searching else qs.order_by(*SORTS["recent"])
    return qs.order_by(*order)
