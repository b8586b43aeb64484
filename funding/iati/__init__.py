"""The cooperation programmes as IATI 2.03 activities (``/programmes/iati.xml``).

Each programme is one ``iati-activity``; the portal republishes what others fund, so its
``reporting-org`` says ``secondary-reporter="1"``. What is decided here, and why:

- **Reporting organisation.** The portal has no IATI organisation identifier of its own and
  none may be invented: ``IATI_REPORTING_ORG_REF`` and ``IATI_REPORTING_ORG_TYPE`` (the
  operator's, from the environment) are empty by default, and until both are set every
  programme is left out, with that reason (``rules``).
- **Identifier.** ``<reporting org ref>-<programme slug>``: it starts with the reporting
  organisation's ref and differs from it, as IATI requires. The slug, not the database id:
  slugs are the portal's stable keys (its URLs, the CSV import's key), frozen once a record
  exists (no form, admin page or import changes one), and the same in every copy of the
  database, where ids are not. A slug is ASCII letters, digits, ``-`` and ``_``: nothing the
  IATI ruleset refuses (``/ & | ?``).
- **Left out.** A programme without what IATI requires is left out, never padded with
  invented values: no start date, no DAC sector, no country, no partner (a
  ``participating-org`` is required), no description or no title. So is an allocation line
  that cannot be dated: one without a year, or a commitment or disbursement in a future year
  (IATI refuses transactions in the future); the programme is published without it.
  ``omissions()`` lists both, computed in the database; the file lists them in an XML comment
  at its top, and ``/data/`` shows them.
- **Mappings** (``activity``): status planned → 1 Pipeline/identification, ongoing → 2
  Implementation, completed → 4 Closed (the portal's "completed" is final: it has no state
  for "awaiting financial sign-off", so 3 Finalisation would never be left). Dates: the start
  is actual (2) once the programme is under way (not planned) and the date has come, else
  planned (1); the end is actual (4) only for a completed programme whose end date has come,
  else planned (3): no actual date is in the future. Partners take role 4 Implementing (the
  portal's partners run programmes and receive their lines), named in English and Russian,
  without ``ref`` or ``type``: the portal records neither their IATI identifiers nor their
  IATI organisation types. Countries: ISO 3166-1 alpha-2 codes, with percentages of two
  decimals that add up to exactly 100 (the last takes the remainder). Sector: DAC 5-digit
  (vocabulary 1), 100 percent.
- **Money.** ``default-currency="EUR"``. Planned lines become one ``budget`` per year (their
  sum: IATI budgets of one activity must not overlap), 1 January to 31 December, original
  (type 1) and indicative (status 1), valued at the period's start. Committed lines become
  transactions of type 2 (Outgoing Commitment), disbursed ones type 3 (Disbursement), one per
  line, dated the last day of its year or today if that is earlier (the portal knows only the
  year; IATI refuses future dates), with the line's description and partner (as receiver).
- **Languages.** ``xml:lang="en"`` on each activity and on every narrative; English and,
  when given, Russian narratives. The comment of left-out programmes is in the request's
  language.
- **Order.** Activities by slug; the left-out list in the order the programmes were added
  (it merges two sorted queries, and ids sort the same in the database and in Python).
- **Scale.** The file streams: the programmes are read through a server-side cursor in
  chunks, and each chunk's countries, partners, budgets, transactions and the lines' last
  change in one query each, so the number of queries depends on the number of chunks, and
  memory on none of it (10,000 programmes: the same peak as 1,000, ``scripts/bench_iati.py``).
  Written with the standard library (``xml.etree``): lxml is a development dependency only.
- **Last updated.** ``last-updated-datetime`` is the newest history record of the programme
  or of its lines (django-simple-history); without any (bulk-loaded data), it is left out.
"""

from .rules import Omission, omissions, publishable, reporter_problems
from .stream import iati_file

__all__ = ["Omission", "iati_file", "omissions", "publishable", "reporter_problems"]
