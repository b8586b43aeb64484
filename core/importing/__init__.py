"""Admin bulk import and export (django-import-export), for files that spreadsheets write.

The pieces every import/export resource of the project shares:

- ``ExcelCSV``, the only file format offered (see the settings): reads UTF-8 with or
  without a byte-order mark, UTF-16 with one and Windows-1251 (what Russian Excel saves as
  "CSV (разделители - запятые)"), or the encoding the admin chooses (``charsets``: when a
  file is not UTF-8 and does not read as Cyrillic, the preview shows two readings and
  asks), with ``,``, ``;`` or tab between the cells, whichever the header row uses; writes
  UTF-8 with a byte-order mark, as the site's own CSV export does.
- widgets that read what people type in a spreadsheet: dates as ``2012-11-26``,
  ``26.11.2012`` or ``26/11/2012``; amounts as ``1 000 000,50`` or ``1000000.50`` (always
  ``Decimal``); related records by slug or ISO code (any case) instead of database ids, an
  unknown one being an error of that row; several of them separated by ``;`` or ``,``.
- ``ImportResource``, the base resource: every instance goes through ``full_clean()``; a
  file is imported all or nothing (any failing row rolls the whole file back, on the
  confirm step too); each saved row gets one history row (many-to-many values included)
  with the importing user and the change reason "import" and, when it updates a record, a
  new ``version``; unchanged rows are skipped. Exports escape spreadsheet formulas in text
  cells with the site export's ``escape_formula`` and leave numbers alone; importing such
  a file takes the escaping quote off again.
- ``ImportExportMixin``, import-export's admin mixin with the project's rules: importing
  needs the model's add *and* change permissions, exporting its view permission; a file
  over ``IMPORT_MAX_BYTES`` or ``IMPORT_MAX_ROWS`` is refused before it is parsed; the
  confirm step reaches only the upload that this user made in this preview (``uploads``:
  a signed, user-bound token, the project's own folder), imports it once and deletes it;
  a confirm step that fails saves nothing and shows the rows' errors; bad input is a 4xx.

Modules: ``files`` (reading and writing the file; the settings import ``ExcelCSV`` from
it, before the app registry is ready, so it imports no models), ``charsets`` (encodings),
``widgets``, ``resources`` (the base resource), ``uploads`` (files between preview and
confirm), ``forms`` and ``admin`` (the admin mixin and its two steps).
"""
