"""The pages of the sources (/sources/), their admin and their registrations.

Apart from ``core.sources`` (the models and reading citations) because ``core.models``
imports those models: a module there that used the lists, the cache or the admin would
make an import cycle between the toolkit's modules (``lint-imports``)."""
