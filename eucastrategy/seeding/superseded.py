"""Values that earlier releases of the seed wrote and a careful reading of the source text
corrected (issue 12, "an honest seed"). ``load_strategy`` fills blank fields only, keeping
what editors changed; a field that still holds one of these exact values was never changed
by an editor, so the loader puts the corrected value in its place.

{model label: {field: (earlier seed values, ...)}}, and for a correction of one record
only, ``RECORDS`` names it: {model label: {field: {attribute: value}}}.
"""

from .strategy_data import STRATEGY

_AS_A_WHOLE = "the growing interest of the European Union as a whole in Central Asia."
_MISREAD = "the European Union's growing interest in Central Asia as a whole."

SUPERSEDED = {
    "priorities.strategy": {
        # «по инициативе Германии»: the page reads "Prepared on the initiative of <value>".
        "initiative_ru": ("Германия",),
        # «растущего интереса Евросоюза в целом к Центральной Азии»: the EU as a whole.
        "summary_en": (STRATEGY["summary_en"].replace(_AS_A_WHOLE, _MISREAD),),
    },
    # «Содействие торговле и инвестициям», in English too.
    "priorities.theme": {"name_en": ("Trade and investment",)},
    # «Казахстан будет представлять Министр Е.Идрисов»: he heads Kazakhstan's side.
    "meetings.participant": {"heads_delegation": (False,)},
}
# Idrissov's record only: False is also what an editor leaves by unticking another's box.
RECORDS = {"meetings.participant": {"heads_delegation": {"person_en": "E. Idrissov"}}}


def is_superseded(record, field: str, value) -> bool:
    """``value`` is one an earlier seed wrote into ``field`` of ``record`` and the text does
    not support."""
    label = record._meta.label_lower
    if value not in SUPERSEDED.get(label, {}).get(field, ()):
        return False
    only = RECORDS.get(label, {}).get(field, {})
    return all(getattr(record, name) == wanted for name, wanted in only.items())
