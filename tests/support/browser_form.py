"""POST data for the tests: what a browser would post from a rendered page (a check that
every field a form needs is really in its HTML), or a form's current values."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {"method": attrs.get("method", "get").lower(), "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "select":
            self.select = {"name": attrs.get("name"), "multiple": "multiple" in attrs, "values": []}
            self.select["first"] = None
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select["first"] = value if self.select["first"] is None else self.select["first"]
            if "selected" in attrs:
                self.select["values"].append(value)
        elif tag == "textarea":
            self.textarea = {"name": attrs.get("name"), "text": ""}

    def _input(self, attrs):
        kind, name = attrs.get("type", "text"), attrs.get("name")
        if not name or kind in ("submit", "button", "file", "image", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.form["fields"].append((name, attrs.get("value", "on" if kind == "checkbox" else "")))

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            chosen = self.select["values"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.form["fields"] += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.form["fields"].append((self.textarea["name"], self.textarea["text"].lstrip("\n")))
            self.textarea = None
        elif tag == "form":
            self.form = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data


def posted_data(html, field):
    """The data of the page's POST form that has an input named ``field``."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        names = {name for name, _ in form["fields"]}
        if form["method"] == "post" and field in names:
            data = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no POST form with a field named {field!r}")


def form_values(form):
    """A form's values as POST data, from the form object (not the page)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else value
    return data


def admin_resubmission(response):
    """POST data for an admin change form as rendered: the main form and the inlines' saved
    rows."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
            f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
        }
        for form in formset.initial_forms:
            data |= form_values(form)
    return data
