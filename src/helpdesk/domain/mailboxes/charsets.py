"""Text in whatever charset a mail claims (or wrongly claims) to use.

Mail in the wild labels Windows-1252 as ISO-8859-1 or US-ASCII, sends UTF-8 with no
label at all, and names charsets Python has never heard of. We decode the way browsers
do: the declared charset's common superset first, then UTF-8, and only then with
replacement characters, so nothing raises and nothing is silently dropped."""

from __future__ import annotations

import codecs

_SUPERSETS = {
    # What senders label these as is almost always the wider Microsoft code page
    # (the WHATWG encoding standard maps them the same way).
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "unicode-1-1-utf-7": "utf-7",
}


def decode_text(data: bytes, declared: str | None) -> str:
    """Bytes of a text part as a string, whatever their label says."""
    codec = _known_codec(declared)
    for candidate in (codec, "utf-8"):
        if candidate is None:
            continue
        try:
            return _clean(data.decode(candidate))
        except UnicodeDecodeError:
            continue
    return _clean(data.decode(codec or "cp1252", errors="replace"))


def repair_text(value: str) -> str:
    """A header value whose undecodable bytes the parser kept as surrogates, decoded."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return _clean(value)
    return decode_text(value.encode("utf-8", "surrogateescape"), None)


def _known_codec(declared: str | None) -> str | None:
    if not declared:
        return None
    name = declared.strip().strip('"').lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _clean(text: str) -> str:
    # Neither database stores NUL in text; nothing readable is lost without it.
    return text.replace("\x00", "")
