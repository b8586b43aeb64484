"""History pages: one record's history, the site-wide list of changes, and its Atom feed.

Each page reads one page of changes with one UNION ALL query (``history.change_rows``)
and describes it with a constant number of queries (``describe``), however many
versions there are.
"""

import uuid

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from ..registry import history_section_label, tracked_for
from .changes import describe
from .forms import ChangesFilterForm
from .queries import record_changes, site_changes

PER_PAGE = 25
FEED_SIZE = 50


def reject_repeated_parameters(request):
    """A parameter given twice is a 400, as on the list pages."""
    for name in request.GET:
        if len(request.GET.getlist(name)) > 1:
            raise BadRequest(
                _("The parameter “%(name)s” is given more than once.") % {"name": name}
            )


def paginate(request, rows, per_page=PER_PAGE):
    """The requested ``page`` of ``rows``; a page that is not a number or out of range
    is a 404."""
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit()):
        raise Http404(_("There is no such page."))
    paginator = Paginator(rows, per_page)
    try:
        page = paginator.page(int(number))
    except (EmptyPage, PageNotAnInteger):
        raise Http404(_("There is no such page.")) from None
    page.elided_pages = list(paginator.get_elided_page_range(page.number))
    return page


def filter_query(cleaned_data):
    """The filters as GET parameters (for links that keep them)."""
    params = {}
    for name, value in cleaned_data.items():
        if value:
            params[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return params


class RecordHistoryView(DetailView):
    """``<detail>/history/``: every version of a record, newest first, with what changed.

    Wired with ``RecordHistoryView.as_view(model=...)`` under the same keyword as the
    detail page (slug or pk). A deleted record's history is still shown, from its last
    historical row; only a key that never existed is a 404.
    """

    template_name = "history/record_history.html"
    context_object_name = "record"

    def get(self, request, *args, **kwargs):
        reject_repeated_parameters(request)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        self.tracked = tracked_for(self.model)
        if "pk" in self.kwargs:
            live, recorded = {"pk": self.kwargs["pk"]}, {"id": self.kwargs["pk"]}
        else:
            live = recorded = {"slug": self.kwargs["slug"]}
        record = self.model._default_manager.filter(**live).first()
        self.deleted = record is None
        if record is None:
            last = (
                self.tracked.history_model.objects.filter(**recorded)
                .order_by("-history_date", "-history_id")
                .first()
            )
            if last is None:
                raise Http404(_("There is no such page."))
            record = last.instance
        return record

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        namespace = self.request.resolver_match.namespace or self.tracked.namespace
        page = paginate(self.request, record_changes(self.tracked, record.pk))
        context |= {
            "page_obj": page,
            "changes": describe(page.object_list),
            "deleted": self.deleted,
            "record_url": None if self.deleted else record.get_absolute_url(),
            "section_label": history_section_label(self.tracked.section),
            "section_url": reverse(f"{namespace}:list"),
        }
        return context


class ChangesView(TemplateView):
    """``/changes/``: recent edits across the site, newest first, by section and date.

    Bad filter values show the form's errors and no rows; a page that is not a number or
    out of range is a 404; a repeated parameter is a 400.
    """

    template_name = "history/changes.html"

    def get(self, request, *args, **kwargs):
        reject_repeated_parameters(request)
        self.form = ChangesFilterForm(request.GET)
        response = super().get(request, *args, **kwargs)
        response["Link"] = (
            f'<{request.build_absolute_uri(self.feed_url())}>; rel="alternate"; '
            'type="application/atom+xml"'
        )
        return response

    def feed_url(self):
        params = filter_query(self.form.cleaned_data) if self.form.is_valid() else {}
        url = reverse("changes-feed")
        return f"{url}?{urlencode(params)}" if params else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.form
        context |= {
            "form": form,
            "is_filtered": any(self.request.GET.get(name) for name in form.fields),
            "feed_url": self.feed_url(),
            "page_obj": None,
            "changes": [],
        }
        if form.is_valid():
            page = paginate(self.request, site_changes(**form.cleaned_data))
            context["page_obj"] = page
            context["changes"] = describe(page.object_list, values=False)
        return context


class ChangesFeed(Feed):
    """``/changes/feed/``: the latest changes as Atom, with the filters of /changes/."""

    feed_type = Atom1Feed
    title_text = gettext_lazy("Changes to the EU–Central Asia Strategy Tracker")

    def get_object(self, request, *args, **kwargs):
        reject_repeated_parameters(request)
        form = ChangesFilterForm(request.GET)
        if not form.is_valid():
            raise BadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
        return {"request": request, "filters": form.cleaned_data}

    def title(self, obj):
        section = obj["filters"].get("section")
        if section:
            return f"{self.title_text} · {history_section_label(section)}"
        return str(self.title_text)

    def subtitle(self, obj):
        return _("Recent edits to the portal's records, newest first.")

    def link(self, obj):
        params = filter_query(obj["filters"])
        url = reverse("changes")
        return f"{url}?{urlencode(params)}" if params else url

    def feed_url(self, obj):
        return obj["request"].get_full_path()

    def items(self, obj):
        rows = site_changes(**obj["filters"])[:FEED_SIZE]
        changes = describe(rows, values=False)
        host = obj["request"].get_host()
        changes_url = self.link(obj)
        for change in changes:
            change.guid = "urn:uuid:" + str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"//{host}/changes/{change.anchor}")
            )
            change.feed_link = change.history_url or f"{changes_url}#{change.anchor}"
        return changes

    def item_title(self, item):
        return _("%(kind)s: %(record)s") % {"kind": item.kind, "record": item.name}

    def item_link(self, item):
        return item.feed_link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.author

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date

    def item_categories(self, item):
        return [str(item.section_label)]

    def item_description(self, item):
        if item.changed_labels and item.type == "~":
            text = _("Fields changed: %(fields)s") % {"fields": ", ".join(item.changed_labels)}
        elif item.changed_labels:
            text = _("Fields set: %(fields)s") % {"fields": ", ".join(item.changed_labels)}
        else:
            text = str(item.kind)
        return escape(text)  # Atom's summary is HTML
