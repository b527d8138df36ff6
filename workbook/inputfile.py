"""Reading a file a user names (the command line's import, import-actors, validate) safely.

Only a regular file is read, and never more than the limit: a folder, a device such as
`/dev/zero`, a pipe (FIFO) or a socket is refused at once with one problem, before a single
byte is read, and so is a file larger than the limit (its size is known before reading).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from workbook.problems import InputRejected, Problem

_CHUNK = 1024 * 1024


def read_input(path: Path | str, max_bytes: int, source: str | None = None) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; InputRejected (one problem, said
    in the user's language) for anything else."""
    source = source if source is not None else str(path)
    try:
        # O_NONBLOCK: opening a pipe nobody writes to returns at once instead of waiting
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise _refused(source, "unreadable", hint="no_such_file") from None
    except IsADirectoryError:
        raise _refused(source, "not_a_file", hint="is_folder") from None
    except OSError as exc:
        raise _refused(source, "unreadable", detail=exc.strerror or type(exc).__name__) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _refused(source, "not_a_file", hint="is_folder")
        if not stat.S_ISREG(info.st_mode):
            raise _refused(source, "not_a_file", hint="is_special")
        if info.st_size > max_bytes:
            raise _too_large(source, max_bytes)
        os.set_blocking(fd, True)
        data = _read_at_most(fd, max_bytes + 1)  # one byte more: a file that grew meanwhile
    except OSError as exc:
        raise _refused(source, "unreadable", detail=exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise _too_large(source, max_bytes)
    return data


def _read_at_most(fd: int, limit: int) -> bytes:
    parts: list[bytes] = []
    left = limit
    while left > 0:
        part = os.read(fd, min(_CHUNK, left))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _refused(source: str, kind: str, hint: str = "", detail: str = "") -> InputRejected:
    return InputRejected([Problem(source, kind, hint=hint, detail=detail)])


def _too_large(source: str, max_bytes: int) -> InputRejected:
    return InputRejected([Problem(source, "too_large",
                                  params={"mb": max(1, max_bytes // (1024 * 1024))})])
