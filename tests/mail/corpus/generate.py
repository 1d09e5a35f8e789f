"""Writes the awkward-message corpus next to this script: ``python tests/mail/corpus/generate.py``.

Each message is what real mail clients and servers send and intake must survive; the
files are committed so that what the tests read is plain to see. The 20 MB attachment
is made by the test itself (``big_attachment``), not committed."""

from __future__ import annotations

import base64
import os
from email.message import EmailMessage
from pathlib import Path

HERE = Path(__file__).parent
TO = "support@desk.example"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _headers(subject_line: bytes, sender: bytes, number: int) -> bytes:
    return (
        b"From: " + sender + b"\r\nTo: " + TO.encode() + b"\r\nSubject: " + subject_line
        + b"\r\nMessage-ID: <corpus-" + str(number).encode() + b"@corpus.example>"
        + b"\r\nMIME-Version: 1.0\r\n"
    )  # fmt: skip


def multipart_alternative() -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "alt@corpus.example", TO, "Alternative parts"
    mail["Message-ID"] = "<corpus-1@corpus.example>"
    mail.set_content("Plain rendering.")
    mail.add_alternative("<p>HTML <b>rendering</b>.</p>", subtype="html")
    return mail.as_bytes()


def iso_8859_1() -> bytes:
    return _headers(b"Latin-1 body", b"latin@corpus.example", 2) + (
        b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Café crème, à bientôt.".encode("latin-1") + b"\r\n"
    )  # fmt: skip


def windows_1252() -> bytes:
    return _headers(b"Windows-1252 body", b"cp1252@corpus.example", 3) + (
        b"Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "“Smart quotes” cost 5 €.".encode("cp1252") + b"\r\n"
    )  # fmt: skip


def windows_1252_labelled_latin1() -> bytes:
    """Outlook's classic: Windows-1252 bytes (the euro sign is 0x80) labelled ISO-8859-1."""
    return _headers(b"Mislabelled euro", b"outlook@corpus.example", 4) + (
        b"Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Price: 12 € • “final”.".encode("cp1252") + b"\r\n"
    )  # fmt: skip


def shift_jis() -> bytes:
    subject = b"=?Shift_JIS?B?" + base64.b64encode("日本語の件名".encode("shift_jis")) + b"?="
    return _headers(subject, b"tanaka@corpus.example", 5) + (
        b"Content-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes("日本語のメールです。".encode("shift_jis"))
    )  # fmt: skip


def encoded_words() -> bytes:
    subject = b"=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?ISO-8859-1?Q?_aus_K=F6ln?= and plain"
    sender = b"=?UTF-8?B?" + base64.b64encode("Jürgen Müller".encode()) + b"?= <jm@corpus.example>"
    return _headers(subject, sender, 6) + b"Content-Type: text/plain\r\n\r\nHallo.\r\n"


def inline_image() -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "pic@corpus.example", TO, "Inline image"
    mail["Message-ID"] = "<corpus-7@corpus.example>"
    mail.set_content("See the logo.")
    mail.add_alternative('<p>Logo: <img src="cid:logo@corpus.example" alt="logo"></p>', "html")
    html = mail.get_payload()[1]  # type: ignore[index]
    html.add_related(PNG, "image", "png", cid="<logo@corpus.example>", filename="logo.png")
    return mail.as_bytes()


def html_with_script() -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "xss@corpus.example", TO, "Scripted HTML"
    mail["Message-ID"] = "<corpus-8@corpus.example>"
    mail.set_content(
        '<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(2)">link</a></p>',
        subtype="html",
    )
    return mail.as_bytes()


def no_body() -> bytes:
    return _headers(b"Nothing inside", b"empty@corpus.example", 9)


def unknown_charset() -> bytes:
    return _headers(b"Unknown charset", b"odd@corpus.example", 10) + (
        b"Content-Type: text/plain; charset=x-no-such-charset\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + "Fine UTF-8 anyway: ✓".encode() + b"\r\n"
    )  # fmt: skip


def truncated() -> bytes:
    """A transfer cut off mid-attachment: no closing boundary, base64 ends mid-line."""
    return _headers(b"Cut short", b"cut@corpus.example", 11) + (
        b'Content-Type: multipart/mixed; boundary="BOUNDARY"\r\n\r\n'
        b"--BOUNDARY\r\nContent-Type: text/plain\r\n\r\nThe report is attached.\r\n"
        b"--BOUNDARY\r\nContent-Type: application/pdf; name=report.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5n"
    )


def big_attachment(size: int = 20 * 1024 * 1024) -> bytes:
    """A message with a ``size``-byte attachment of random bytes (made at test time)."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "big@corpus.example", TO, "Big attachment"
    mail["Message-ID"] = "<corpus-big@corpus.example>"
    mail.set_content("The dump is attached.")
    mail.add_attachment(os.urandom(size), "application", "octet-stream", filename="dump.bin")
    return mail.as_bytes()


CORPUS = {
    "01-multipart-alternative.eml": multipart_alternative,
    "02-iso-8859-1.eml": iso_8859_1,
    "03-windows-1252.eml": windows_1252,
    "04-windows-1252-labelled-latin-1.eml": windows_1252_labelled_latin1,
    "05-shift-jis.eml": shift_jis,
    "06-encoded-words.eml": encoded_words,
    "07-inline-image.eml": inline_image,
    "08-html-with-script.eml": html_with_script,
    "09-no-body.eml": no_body,
    "10-unknown-charset.eml": unknown_charset,
    "11-truncated.eml": truncated,
}

if __name__ == "__main__":
    for name, make in CORPUS.items():
        (HERE / name).write_bytes(make())
