from decimal import Decimal

from django import template
from django.apps import apps
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..registry import page_sections

register = template.Library()


@register.filter
def money(value):
    """EUR amount in the active language's format: "€719,000,000" / "719 000 000 €"."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    amount = number_format(value, places, use_l10n=True, force_grouping=True)
    return _("€%(amount)s") % {"amount": amount}


def _can(user, action, opts):
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


@register.inclusion_tag("_record_actions.html", takes_context=True)
def record_actions(context, record):
    """Edit and delete (for those allowed) and history (for everyone) of a detail page."""
    request = context["request"]
    namespace = request.resolver_match.namespace
    opts = record._meta
    kwargs = request.resolver_match.kwargs
    return {
        "history_url": reverse(f"{namespace}:history", kwargs=kwargs),
        "edit_url": reverse(f"{namespace}:update", kwargs=kwargs)
        if _can(request.user, "change", opts)
        else None,
        "delete_url": reverse(f"{namespace}:delete", kwargs=kwargs)
        if _can(request.user, "delete", opts)
        else None,
    }


@register.inclusion_tag("_new_record_link.html", takes_context=True)
def new_record_link(context, model_label):
    """The "New" button of a list page, for those who may add records."""
    request = context["request"]
    opts = apps.get_model(model_label)._meta
    allowed = _can(request.user, "add", opts)
    namespace = request.resolver_match.namespace
    return {
        "url": reverse(f"{namespace}:create") if allowed else None,
        "label": capfirst(opts.verbose_name),
    }


@register.simple_tag(takes_context=True)
def nav_current(context, section):
    """``aria-current`` for a main navigation link: "page" on the section's own page (its list,
    or the page of that name), "true" anywhere else in the section, nothing outside it."""
    match = context["request"].resolver_match
    if match is None:
        return ""
    if match.namespace == section:
        current = "page" if match.url_name == "list" else "true"
    elif not match.namespace and match.url_name == section:
        current = "page"
    else:
        return ""
    return format_html(' aria-current="{}"', current)


@register.filter
def verbose_name(model):
    return model._meta.verbose_name


@register.simple_tag(takes_context=True)
def record_sections(context, record):
    """The sections other apps add to ``record``'s page (``core.registry.add_page_section``),
    one after another with a blank line between them."""
    engine = context.template.engine
    parts = []
    for section in page_sections(record):
        with context.push(object=record, **section.context(record)):  # as {% include %} does
            parts.append(engine.get_template(section.template).render(context))
    return mark_safe("\n\n".join(parts))  # each part is a template's autoescaped output
