"""Which encoding an uploaded CSV file is in: detected honestly, or as the admin chose.

A byte-order mark decides (UTF-8 or UTF-16). Otherwise the admin's choice does, and on
"detect" the file is read as UTF-8 if it is valid UTF-8, else as Windows-1251 (what
Russian Excel saves) when that reading looks like Cyrillic text. When it does not (Latin
letters with accents read as Cyrillic lookalikes, "Sociйtй Gйnйrale": a Western European
file), the reading is *doubtful*: the preview says so, shows both readings of a few lines
and asks the admin to choose; it offers no confirmation until then.

No models here: the settings import ``files``, which imports this module.
"""

import codecs
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

AUTO = "auto"
UTF8 = "utf-8"
CP1251 = "windows-1251"
CP1252 = "windows-1252"

CHOICES = [
    (AUTO, _("Detect (UTF-8, UTF-16 with a byte-order mark, or Windows-1251)")),
    (UTF8, _("UTF-8")),
    (CP1251, _("Windows-1251 (Cyrillic)")),
    (CP1252, _("Windows-1252 / Latin-1 (Western European)")),
]

# The codec that reads each choice, and the name the preview shows for each codec.
CODECS = {UTF8: "utf-8", CP1251: "cp1251", CP1252: "cp1252"}
NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1251": "Windows-1251",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1 (ISO 8859-1)",
}

# Cyrillic letters of Russian and of the other languages Windows-1251 is made for.
COMMON_CYRILLIC = re.compile(r"[А-яЁёІіЇїЄєҐґЎў]")
LETTERS = re.compile(r"[^\W\d_]+")
SUGGESTION = CP1252  # preselected when the reading is doubtful
SAMPLE_LINES = 3
SAMPLE_LENGTH = 120


class EncodingError(ValueError):
    """The bytes cannot be read in the encoding that was chosen or detected."""


@dataclass(frozen=True)
class Decoded:
    """The text of a file and how it was read."""

    text: str
    codec: str  # reads the same bytes the same way again (the confirm step uses it)
    detected: bool = False  # a legacy encoding chosen by detection, not by the admin
    doubtful: bool = False  # detection could not tell: the admin must choose
    samples: list = field(default_factory=list)  # (as Windows-1251, as Windows-1252)

    @property
    def name(self):
        return NAMES[self.codec]


def decode(data: bytes, choice: str = AUTO) -> Decoded:
    """Read ``data`` as ``choice`` says (one of ``CHOICES``); a byte-order mark wins."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_strict(data, "utf-8-sig"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_strict(data, "utf-16"), "utf-16")  # Excel's "Unicode text"
    if choice in CODECS:
        return decode_as(data, CODECS[choice])
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:  # 0x98, the one byte Windows-1251 leaves undefined
        text = None
    if text is not None and looks_cyrillic(text):
        return Decoded(text, "cp1251", detected=True)
    western = decode_as(data, "cp1252")
    return Decoded(western.text, western.codec, True, True, samples(data))


def decode_as(data: bytes, codec: str) -> Decoded:
    """Read ``data`` with ``codec`` (one of ``NAMES``), as the preview did."""
    if codec not in NAMES:
        raise EncodingError(codec)
    if codec == "cp1252":
        try:
            return Decoded(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:  # five bytes Windows-1252 leaves undefined
            return Decoded(data.decode("latin-1"), "latin-1")
    return Decoded(_strict(data, codec), codec)


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise EncodingError(
            _(
                "The file is not valid %(encoding)s text (byte %(position)s). "
                "Choose its encoding below, or save it as “CSV UTF-8”."
            )
            % {"encoding": NAMES[codec], "position": f"{error.start + 1:,}"}
        ) from None


def looks_cyrillic(text: str) -> bool:
    """Whether a Windows-1251 reading looks like Cyrillic text rather than a Western
    European file misread: few words that mix Latin and Cyrillic letters ("Sociйtй"),
    and mostly the Cyrillic letters that Russian and its neighbours use."""
    cyrillic = mixed = 0
    for word in LETTERS.findall(text):
        if word.isascii():
            continue
        if any(letter.isascii() for letter in word):
            mixed += 1
        else:
            cyrillic += 1
    if mixed * 10 > cyrillic:
        return False
    foreign = [letter for letter in text if not letter.isascii() and letter.isalpha()]
    unusual = [letter for letter in foreign if not COMMON_CYRILLIC.fullmatch(letter)]
    return len(unusual) * 4 <= len(foreign)


def samples(data: bytes) -> list[tuple[str, str]]:
    """A few lines with non-ASCII bytes, as Windows-1251 and as Windows-1252 read them."""
    lines = [line.strip() for line in data.splitlines() if not line.isascii()]
    return [
        (
            line.decode("cp1251", errors="replace")[:SAMPLE_LENGTH],
            line.decode("cp1252", errors="replace")[:SAMPLE_LENGTH],
        )
        for line in lines[:SAMPLE_LINES]
    ]
