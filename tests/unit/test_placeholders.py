"""Placeholders in email templates and saved replies."""

from __future__ import annotations

from helpdesk.domain.mailboxes.placeholders import Markup, html_to_text, render

VALUES = {
    "ticket.id": "42",
    "ticket.subject": "Printer <on fire> & smoking",
    "ticket.threadMessage": Markup("<p>Unplug it.</p><p>Then call us.</p>"),
}


def test_known_placeholders_render_their_values() -> None:
    rendered = render("[#{%ticket.id%}] {%ticket.subject%}", VALUES, as_html=False)
    assert rendered.text == "[#42] Printer <on fire> & smoking"
    assert rendered.unknown == ()


def test_spaces_inside_the_braces_are_allowed() -> None:
    assert render("{% ticket.id %}", VALUES, as_html=False).text == "42"


def test_values_are_escaped_in_html() -> None:
    rendered = render("<h1>{%ticket.subject%}</h1>", VALUES, as_html=True)
    assert rendered.text == "<h1>Printer &lt;on fire&gt; &amp; smoking</h1>"


def test_the_thread_message_is_html_already_and_goes_in_as_is() -> None:
    rendered = render("<div>{%ticket.threadMessage%}</div>", VALUES, as_html=True)
    assert rendered.text == "<div><p>Unplug it.</p><p>Then call us.</p></div>"


def test_the_thread_message_becomes_plain_text_outside_html() -> None:
    rendered = render("{%ticket.threadMessage%}", VALUES, as_html=False)
    assert rendered.text == "Unplug it.\nThen call us."


def test_an_unknown_placeholder_renders_empty_and_is_reported_once() -> None:
    rendered = render("Hi {%ticket.nope%}{%ticket.nope%}, #{%ticket.id%}", VALUES, as_html=True)
    assert rendered.text == "Hi , #42"
    assert rendered.unknown == ("ticket.nope",)


def test_html_to_text_unescapes_entities_and_breaks_blocks() -> None:
    assert html_to_text("<p>a &amp; b</p><p>c<br>d</p>") == "a & b\nc\nd"
