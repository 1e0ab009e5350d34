"""What the platform accepts as an uploaded file: known office, PDF and image types, size-capped.

The extension must match the file's first bytes, so a renamed executable is refused.
"""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# extension: (media type, the signatures its first bytes may start with; empty = text)
ACCEPTED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".wps": ("application/vnd.ms-works", (OLE,)),
    ".ofd": ("application/ofd", (ZIP,)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".zip": ("application/zip", (ZIP,)),
    ".csv": ("text/csv", ()),
    ".txt": ("text/plain", ()),
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    media_type: str
    size: int
    sha256: str


def check_upload(upload: IO[bytes], name: str, size: int, field: str = "file") -> CheckedFile:
    """Validate an upload's type and size; the ValidationError names `field`."""
    limit = settings.GTIS_MAX_UPLOAD_BYTES
    extension = PurePath(name).suffix.lower()
    if extension not in ACCEPTED:
        raise ValidationError(
            {
                field: _(
                    "%(name)s: files of type %(ext)s are not accepted. Accepted types: %(types)s."
                )
                % {
                    "name": name,
                    "ext": extension or _("(none)"),
                    "types": ", ".join(sorted(ACCEPTED)),
                }
            }
        )
    if size > limit:
        raise ValidationError(
            {
                field: _("%(name)s is %(size)s; the limit is %(limit)s.")
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
            }
        )
    if size == 0:
        raise ValidationError({field: _("%(name)s is empty.") % {"name": name}})
    media_type, signatures = ACCEPTED[extension]
    upload.seek(0)
    head = upload.read(16)
    if signatures and not head.startswith(signatures):
        raise ValidationError(
            {
                field: _(
                    "%(name)s does not look like a %(ext)s file: its content is of another type."
                )
                % {"name": name, "ext": extension}
            }
        )
    if not signatures and b"\x00" in head:
        raise ValidationError({field: _("%(name)s is not a text file.") % {"name": name}})
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(PurePath(name).name[:255], media_type, size, digest.hexdigest())
