"""The ledger's line format: what one signed event looks like, byte for byte.

One JSON object per line in `<ledger>/YYYY-MM.jsonl` (month of the event's UTC time).
Each line holds `seq` (1, 2, ... across all month files), `time` (RFC 3339 UTC with
microseconds), `event`, `job_id`, `department` (both may be null), `host`, the event's own
fields, `prev` and `sig`:

- the canonical JSON of an object is
  `json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` in UTF-8;
- `sig` is the base64 Ed25519 signature over the canonical JSON of the object without `sig`;
- the written line is the canonical JSON of the object with `sig`, plus a newline;
- `prev` is the hex SHA-256 of the previous line's bytes without its newline (64 zeros for
  the first line; the first line of a month file chains onto the last line of the one
  before).

Key rotation: a `signing_key_rotated` line, signed by the old key, carries the new public
key (`new_public_key`, base64 of the raw 32 bytes); every later line is signed by the new
key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError

GENESIS = "0" * 64
"""`prev` of the very first line."""
ROTATED = "signing_key_rotated"
MONTH_FILE = re.compile(r"^\d{4}-\d{2}\.jsonl$")
RESERVED = frozenset({"seq", "time", "prev", "sig"})
"""Fields the ledger sets itself; an event cannot name them."""
REQUIRED = ("seq", "time", "event", "job_id", "department", "prev", "sig")


def canonical(obj: dict[str, Any]) -> bytes:
    """The canonical JSON bytes of `obj` (what is signed, hashed and written)."""
    return json.dumps(
        obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def line_sha256(raw: bytes) -> str:
    """The hex SHA-256 the next line's `prev` holds: of `raw` without its newline."""
    return hashlib.sha256(raw.removesuffix(b"\n")).hexdigest()


class Record(BaseModel):
    """One ledger event as written. Event-specific fields (`subject`, `method`, `forms`…)
    are read with `get`; the common ones are typed attributes."""

    model_config = ConfigDict(extra="allow", frozen=True)

    seq: StrictInt
    time: StrictStr
    event: StrictStr
    job_id: StrictStr | None
    department: StrictStr | None
    prev: StrictStr
    sig: StrictStr
    host: StrictStr | None = None

    def get(self, name: str, default: Any = None) -> Any:
        """An event-specific field, or `default` when the line has none."""
        return (self.model_extra or {}).get(name, default)

    def __getitem__(self, name: str) -> Any:
        """Any field by name, as on the line (`record["seq"]`, `record["subject"]`)."""
        if name in type(self).model_fields:
            return getattr(self, name)
        return (self.model_extra or {})[name]

    def as_dict(self) -> dict[str, Any]:
        """Every field of the line, as written."""
        return self.model_dump()

    @property
    def moment(self) -> datetime | None:
        """`time` as an aware datetime, or None when it is not RFC 3339 with a zone."""
        try:
            moment = datetime.fromisoformat(self.time)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None

    def new_public_key(self) -> Ed25519PublicKey | None:
        """The key a `signing_key_rotated` line hands over to; None for any other line."""
        if self.event != ROTATED:
            return None
        try:
            raw = base64.b64decode(str(self.get("new_public_key")), validate=True)
            return Ed25519PublicKey.from_public_bytes(raw)
        except (binascii.Error, ValueError):
            return None


def parse(raw: bytes) -> Record | None:
    """The record on one complete raw line, or None if it is cut off or not a record."""
    if not raw.endswith(b"\n"):
        return None
    try:
        return Record.model_validate_json(raw)
    except ValidationError:
        return None


def raw_public(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
