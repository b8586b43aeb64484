"""Uploads kept between an import's preview and its confirmation.

The preview stores a file that it can offer to import (never a rejected one) in the
project's own folder, under a random name (``secrets.token_urlsafe``), and hands the
confirm form a token signed with the secret key that names that file, the user, the
model, the encoding the preview used and the resource. The confirm step verifies the
token: so it can only reach a file that this user uploaded in a preview of this model,
and nothing else on disk can be named. It takes the file by renaming it (only one of two
concurrent confirmations can) and deletes it once done, imported or failed; cancelling
deletes it too. Files older than ``IMPORT_UPLOAD_MAX_AGE`` (abandoned previews) are
removed on each new upload and by ``manage.py clean_import_uploads``.
"""

import contextlib
import os
import re
import secrets
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from import_export.tmp_storages import BaseStorage

# The module's name before it moved to core: tokens signed before an upgrade still verify.
SALT = "eucastrategy.importing.uploads"
NAME = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
OURS = re.compile(r"[A-Za-z0-9_-]{43}(\.[0-9a-f]{16}\.claimed)?")  # as stored, or claimed
FOLDER = "eucastrategy-import"


class UploadGone(Exception):
    """The file was already imported, cancelled or cleaned away."""


class BadToken(Exception):
    """A token that is not one this site signed for this user and model."""


class ExpiredToken(BadToken):
    """A token older than ``IMPORT_UPLOAD_MAX_AGE``."""


def max_age() -> int:
    return settings.IMPORT_UPLOAD_MAX_AGE


def upload_dir() -> Path:
    """The folder of pending uploads: ``IMPORT_UPLOAD_DIR``, or one in the temp folder;
    private to this process's user (made so, and checked: not a link, not anyone else's)."""
    folder = Path(settings.IMPORT_UPLOAD_DIR or Path(tempfile.gettempdir()) / FOLDER)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700, parents=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ImproperlyConfigured(f"{folder} must be a folder owned by this user.")
    if stat.S_IMODE(info.st_mode) & 0o077:
        folder.chmod(0o700)
    return folder


class ImportStorage(BaseStorage):
    """import-export's temporary storage, as the project keeps uploads (see the module).
    ``name`` is only ever a name this class made; anything else is ``UploadGone``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.claimed = None
        if self.name is not None and not NAME.fullmatch(str(self.name)):
            raise UploadGone(self.name)

    def path(self) -> Path:
        return upload_dir() / self.name

    def save(self, data: bytes) -> None:
        remove_stale_uploads()
        self.name = secrets.token_urlsafe(32)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(self.path(), flags, 0o600), "wb") as file:
            file.write(data)

    def read(self) -> bytes:
        try:
            return self.path().read_bytes()
        except FileNotFoundError:
            raise UploadGone(self.name) from None

    def claim(self) -> bytes:
        """Take the file for one confirmation (an atomic rename: a second one finds it
        gone) and return its bytes; ``remove()`` deletes it afterwards."""
        claimed = self.path().with_name(f"{self.name}.{secrets.token_hex(8)}.claimed")
        try:
            os.rename(self.path(), claimed)
        except FileNotFoundError:
            raise UploadGone(self.name) from None
        self.claimed = claimed
        return claimed.read_bytes()

    def remove(self) -> None:
        self.path().unlink(missing_ok=True)
        if self.claimed is not None:
            self.claimed.unlink(missing_ok=True)


def remove_stale_uploads() -> int:
    """Delete pending uploads older than ``IMPORT_UPLOAD_MAX_AGE``; how many."""
    cutoff = time.time() - max_age()
    removed = 0
    with os.scandir(upload_dir()) as entries:
        for entry in entries:
            if not OURS.fullmatch(entry.name):
                continue  # not an upload: never ours to delete
            try:
                if entry.is_file(follow_symlinks=False) and (
                    entry.stat(follow_symlinks=False).st_mtime < cutoff
                ):
                    os.unlink(entry.path)
                    removed += 1
            except OSError:  # taken or removed meanwhile, or not ours to remove
                continue
    return removed


@dataclass(frozen=True)
class Upload:
    """What a verified token says: the stored file and how the preview read it."""

    name: str
    codec: str
    resource: int
    original_name: str


def sign(upload: Upload, *, user, model) -> str:
    payload = {
        "n": upload.name,
        "c": upload.codec,
        "r": upload.resource,
        "o": upload.original_name[:255],
        "u": user.pk,
        "m": model._meta.label_lower,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def verify(token: str, *, user, model) -> Upload:
    """The upload a token names, if this site signed it for ``user`` and ``model`` less
    than ``IMPORT_UPLOAD_MAX_AGE`` ago; else ``BadToken`` (``ExpiredToken``)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise ExpiredToken from None
    except signing.BadSignature:
        raise BadToken from None
    try:
        upload = Upload(payload["n"], payload["c"], int(payload["r"]), str(payload["o"]))
        owner, label = payload["u"], payload["m"]
    except (KeyError, TypeError, ValueError):
        raise BadToken from None
    if owner != user.pk or label != model._meta.label_lower:
        raise BadToken
    if not NAME.fullmatch(str(upload.name)):
        raise BadToken
    return upload
