"""Messages stored on disk, for bulk import: one .eml file, a directory of them (a
Maildir included), or an mbox file. Read one message at a time, so a mailbox of any
size never sits in memory whole."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_MBOX_START = b"From "


@dataclass(frozen=True, slots=True)
class StoredMessages:
    """Where the messages are, how many there are, and a way to read them in order."""

    path: Path
    count: int
    kind: str

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        """``(name, raw bytes)`` of each message; the name says where it came from."""
        if self.kind == "directory":
            for file in _files_under(self.path):
                yield str(file.relative_to(self.path)), file.read_bytes()
        elif self.kind == "mbox":
            box = mailbox.mbox(self.path, create=False)
            try:
                for number, key in enumerate(box.iterkeys(), start=1):
                    yield f"{self.path.name}#{number}", box.get_bytes(key)
            finally:
                box.close()
        else:
            yield self.path.name, self.path.read_bytes()


def open_messages(path: Path) -> StoredMessages:
    if path.is_dir():
        return StoredMessages(path, sum(1 for _ in _files_under(path)), "directory")
    if not path.is_file():
        raise FileNotFoundError(f"{path} is neither a file nor a directory.")
    with path.open("rb") as head:
        if head.read(len(_MBOX_START)) == _MBOX_START:
            box = mailbox.mbox(path, create=False)
            try:
                return StoredMessages(path, len(box), "mbox")
            finally:
                box.close()
    return StoredMessages(path, 1, "file")


def _files_under(root: Path) -> Iterator[Path]:
    """Every regular, visible file below ``root``, in name order (Maildir's tmp/ left out:
    what is there is still being delivered)."""
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root).parts
        hidden = any(part.startswith(".") for part in relative)
        if file.is_file() and not hidden and "tmp" not in relative[:-1]:
            yield file
