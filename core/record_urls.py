"""One URL pattern for every section's records: list, new, detail, edit, delete, history."""

from django.urls import path


def record_urls(
    *,
    list_view,
    detail_view,
    create_view,
    update_view,
    delete_view,
    history_view,
    key="<slug:slug>",
):
    return [
        path("", list_view.as_view(), name="list"),
        path("new/", create_view.as_view(), name="create"),
        path(f"{key}/", detail_view.as_view(), name="detail"),
        path(f"{key}/edit/", update_view.as_view(), name="update"),
        path(f"{key}/delete/", delete_view.as_view(), name="delete"),
        path(f"{key}/history/", history_view.as_view(model=detail_view.model), name="history"),
    ]
