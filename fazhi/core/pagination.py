from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    """Keyset (cursor) pagination on the view's `ordering` (default: newest id first), so a
    list of millions of rows pages as fast at the end as at the start."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "ordering", None) or "-id"
        ordering = (ordering,) if isinstance(ordering, str) else tuple(ordering)
        return (*ordering, "id") if not any(o.lstrip("-") in ("id", "pk") for o in ordering) else ordering
