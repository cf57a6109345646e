"""The uploaded file: spooled to a local temporary file while it arrives (so its size is checked
without holding it in memory), then kept in the database in 1 MiB chunks, so whichever web
process or worker runs the import can read it, and a resumed import reads the same bytes."""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from boards.imports.models import Import, ImportChunk
from workspace.errors import ApiError
from workspace.extensions import db

CHUNK_SIZE = 1024 * 1024
HEAD_SIZE = 64 * 1024  # what sniffing looks at


class TooLarge(ApiError):
    status = 413


def describe_bytes(size: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} bytes"


def too_large(limit: int) -> TooLarge:
    return TooLarge(_("The file is larger than the import limit of %(limit)s (IMPORT_MAX_BYTES).",
                      limit=describe_bytes(limit)), {"file": f"larger than {limit} bytes"})


@contextmanager
def spooled(stream: BinaryIO, limit: int) -> Iterator[BinaryIO]:
    """The upload copied to a temporary file (gone when the block ends), refused past `limit`."""
    with tempfile.TemporaryFile() as copy:
        size = 0
        while chunk := stream.read(CHUNK_SIZE):
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            copy.write(chunk)
        copy.seek(0)
        yield copy


def store(imp: Import, spooled: BinaryIO) -> int:
    """Writes the file into the import's chunks (replacing any); returns its size in bytes."""
    db.session.execute(delete(ImportChunk).where(ImportChunk.import_id == imp.id))
    spooled.seek(0)
    seq = size = 0
    while chunk := spooled.read(CHUNK_SIZE):
        db.session.execute(insert(ImportChunk), [{"workspace_id": imp.workspace_id, "import_id": imp.id,
                                                  "seq": seq, "data": chunk}])
        seq, size = seq + 1, size + len(chunk)
    spooled.seek(0)
    return size


def chunks(import_id: int) -> Iterator[bytes]:
    """The stored file, a chunk at a time (one query each, so memory stays at one chunk)."""
    seq = 0
    while (data := db.session.scalar(select(ImportChunk.data).where(
            ImportChunk.import_id == import_id, ImportChunk.seq == seq))) is not None:
        yield bytes(data)
        seq += 1


@contextmanager
def local_copy(import_id: int) -> Iterator[BinaryIO]:
    """The stored file as a local temporary file, for parsing without the database (a reader
    thread may parse it while the job's session writes)."""
    with tempfile.TemporaryFile() as copy:
        for data in chunks(import_id):
            copy.write(data)
        copy.seek(0)
        yield copy


def head_of(binary: BinaryIO) -> bytes:
    position = binary.tell()
    head = binary.read(HEAD_SIZE)
    binary.seek(position)
    return head
