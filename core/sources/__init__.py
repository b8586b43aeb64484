"""Sources and citations: where each fact on the portal comes from.

A ``Source`` is a document, a web page or the editors' own decision. A ``Citation`` links
any record, or one field of it, to a source, with a locator (a quoted passage or a page)
and the date someone checked it. Apps cite their own records; the toolkit shows the
footnotes, the "Sources" block, ``/sources/`` and the ``sources`` of a JSON export.
"""
