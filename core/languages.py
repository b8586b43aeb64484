"""Field names per language, for the forms, imports and admin of translated models."""

from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


def localized_fields(model, fields):
    """``fields`` with each translated field replaced by its language versions:
    ``["amount", "description"]`` gives ``["amount", "description_en", "description_ru"]``."""
    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        translated = {}
    names = []
    for name in fields:
        if name in translated:
            names += [build_localized_fieldname(name, code) for code in AVAILABLE_LANGUAGES]
        else:
            names.append(name)
    return names
