"""The open data package (/data/): the site's tables as a Frictionless Tabular Data Package.

Each app tells the toolkit which of its tables to publish (``registry.add_data_resource``
from its ``AppConfig.ready()``), so that ``core`` names none of them. From those come the
descriptor (``descriptor``: datapackage.json, the fields' types from ``core.lists.schema``),
one CSV file per table and a zip of them all (``streams``: streamed, UTF-8 without a BOM,
memory flat however many rows), served by ``views``.
"""
