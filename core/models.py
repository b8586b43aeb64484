from django.db import models

from .sources.models import Citation, Source

__all__ = ["Citation", "DataStamp", "Source"]


class DataStamp(models.Model):
    """A number that every committed write of public data raises (``core.freshness``): how
    a process with a cache of its own (the local-memory default) sees a write made by
    another process, such as a command run while the site serves."""

    value = models.BigIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return str(self.value)
