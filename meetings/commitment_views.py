"""The commitment pages: the list, a commitment with its status timeline, the editors' pages
and the Atom feed of status changes."""

import datetime
import uuid

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from core.editing.views import RecordCreateView, RecordDeleteView, RecordUpdateView
from core.lists.views import FilteredTableView, refuse_repeated_parameters
from priorities.models import PriorityArea

from .commitment_forms import (
    CommitmentFeedForm,
    CommitmentForm,
    CommitmentUpdateForm,
    StatusChangeForm,
)
from .filters import CommitmentFilter
from .models import Commitment, StatusChange
from .services import commitment_create, commitment_update, status_change_create
from .tables import CommitmentTable

FEED_SIZE = 50


def with_query(address: str, query: dict) -> str:
    return f"{address}?{urlencode(query)}" if query else address


class CommitmentListView(FilteredTableView):
    model = Commitment
    filterset_class = CommitmentFilter
    table_class = CommitmentTable

    def get_queryset(self):
        newest_first = F("date").desc(nulls_last=True)
        return Commitment.objects.with_status().for_display().order_by(newest_first, "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["filter"].form
        query = {}
        if not form.errors:  # the feed takes the country and priority filters
            query = {
                name: self.request.GET[name]
                for name in ("country", "priority")
                if self.request.GET.get(name)
            }
        context["feed_url"] = with_query(reverse("commitments:feed"), query)
        return context


class CommitmentDetailView(DetailView):
    model = Commitment

    def get_queryset(self):
        return (
            Commitment.objects.with_status()
            .select_related("meeting", "meeting__host_country", "strategy")
            .prefetch_related(
                "countries",
                "organisations",
                "involves",
                Prefetch("priorities", queryset=PriorityArea.objects.select_related("country")),
                "themes",
                Prefetch(
                    "status_changes",
                    queryset=StatusChange.objects.select_related("source").order_by("date", "pk"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        timeline = list(self.object.status_changes.all())
        user = self.request.user
        can_add_status = user.has_perm("meetings.add_statuschange")
        return super().get_context_data(**kwargs) | {
            "timeline": timeline,
            "status_url": reverse("commitments:status", kwargs={"slug": self.object.slug})
            if can_add_status
            else None,
        }


class CommitmentCreateView(RecordCreateView):
    """A new commitment together with its first status change (prefix ``status``)."""

    model = Commitment
    form_class = CommitmentForm

    def status_form(self):
        if not hasattr(self, "_status_form"):
            data = self.request.POST if self.request.method == "POST" else None
            self._status_form = StatusChangeForm(data, prefix="status")
        return self._status_form

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"status_form": self.status_form()}

    def form_valid(self, form):
        status_form = self.status_form()
        valid = status_form.is_valid()
        if not (valid and status_form.check_against(form.cleaned_data.get("date"))):
            return self.form_invalid(form)
        return super().form_valid(form)

    def form_invalid(self, form):
        self.status_form().is_valid()  # show its errors too
        return super().form_invalid(form)

    def save(self, form):
        try:
            return self.create(form)
        except ValidationError as error:
            # Checked again while saving (the forms checked first): shown above the form.
            raise ValidationError(error.messages) from error

    def create(self, form):
        values = form.cleaned_data
        change = self.status_form().cleaned_data
        return commitment_create(
            slug=values["slug"],
            text_en=values["text_en"],
            text_ru=values.get("text_ru") or "",
            countries=values["countries"],
            organisations=values["organisations"],
            involves=values["involves"],
            strategy=values["strategy"],
            meeting=values["meeting"],
            date=values["date"],
            priorities=values["priorities"],
            themes=values["themes"],
            status=change["status"],
            status_date=change["date"],
            note_en=change["note_en"],
            note_ru=change["note_ru"],
            source=change["source"],
            locator=change["locator"],
            user=self.request.user,
        )


class CommitmentUpdateView(RecordUpdateView):
    model = Commitment
    form_class = CommitmentUpdateForm

    def save(self, form):
        return commitment_update(form=form)


class CommitmentDeleteView(RecordDeleteView):
    model = Commitment


class StatusChangeCreateView(RecordCreateView):
    """``/commitments/<slug>/status/``: a new dated status of a commitment, with evidence.

    Adding is all there is: a change never overwrites another, and the current status is
    always the latest change's, so two editors adding at once cannot lose either change.
    """

    model = StatusChange
    form_class = StatusChangeForm
    template_name = "meetings/commitment_status_form.html"
    success_text = gettext_lazy("Added the status change “%(record)s”.")

    def dispatch(self, request, *args, **kwargs):
        self.commitment = get_object_or_404(
            Commitment.objects.with_status(), slug=self.kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"date": timezone.localdate()}

    def get_form_kwargs(self):
        # The commitment is set before validation: its date bounds the change's.
        return super().get_form_kwargs() | {"instance": StatusChange(commitment=self.commitment)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"commitment": self.commitment}

    def save(self, form):
        values = form.cleaned_data
        return status_change_create(
            commitment=self.commitment,
            date=values["date"],
            status=values["status"],
            note_en=values["note_en"],
            note_ru=values["note_ru"],
            source=values["source"],
            locator=values["locator"],
            user=self.request.user,
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class CommitmentFeed(Feed):
    """``/commitments/feed/``: the latest status changes as Atom, newest first, optionally
    of one country's commitments (``country=KZ``) or one priority area's (``priority``)."""

    feed_type = Atom1Feed
    title_text = gettext_lazy("Commitments of the EU–Central Asia Strategy: status changes")

    def get_object(self, request, *args, **kwargs):
        refuse_repeated_parameters(request.GET)
        form = CommitmentFeedForm(request.GET)
        if not form.is_valid():
            raise BadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
        return {"request": request, "filters": form.cleaned_data, "query": form.query()}

    def title(self, obj):
        country, priority = obj["filters"].get("country"), obj["filters"].get("priority")
        scope = country.name if country else priority.title if priority else None
        return f"{self.title_text} · {scope}" if scope else str(self.title_text)

    def subtitle(self, obj):
        return _("Each dated change of a commitment's status, with its evidence, newest first.")

    def link(self, obj):
        return with_query(reverse("commitments:list"), obj["query"])

    def feed_url(self, obj):
        return obj["request"].get_full_path()

    def items(self, obj):
        changes = StatusChange.objects.select_related("commitment", "source")
        filters = obj["filters"]
        commitments = Commitment.objects.all()
        if filters.get("country"):
            commitments = commitments.of_country(filters["country"])
        if filters.get("priority"):
            commitments = commitments.serving(filters["priority"])
        if filters.get("country") or filters.get("priority"):
            changes = changes.filter(commitment__in=commitments.values("pk"))
        items = list(changes.order_by("-date", "-pk")[:FEED_SIZE])
        host = obj["request"].get_host()
        for change in items:
            change.guid = "urn:uuid:" + str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"//{host}/commitments/status-change/{change.pk}")
            )
        return items

    def item_title(self, item):
        return _("%(status)s: %(commitment)s") % {
            "status": item.get_status_display(),
            "commitment": Truncator(item.commitment.text).chars(90),
        }

    def item_link(self, item):
        return item.commitment.get_absolute_url() + f"#change-{item.pk}"

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _midnight(item.date)

    def item_updateddate(self, item):
        return _midnight(item.date)

    def item_categories(self, item):
        return [str(item.get_status_display())]

    def item_description(self, item):
        evidence = _("Evidence: %(source)s") % {"source": item.source.title}
        if item.locator:
            evidence += f" — “{item.locator}”"
        return f"<p>{escape(item.note)}</p><p>{escape(evidence)}</p>"  # Atom's summary is HTML


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
