"""Extract the UVdesk seed's examples into ``uvdesk_examples.json``.

Run it when the seed changes; the conformance test reads only the JSON file:

    .venv/bin/python tests/seed/extract.py /work/shared/seeds/004_926ef3361ffe4325.txt

Each endpoint of the seed reads ``<title> / Brief / URL Syntax <route> / Method <verb> /
Example <call>``, then tables, JSON blocks and prose up to the next endpoint. A JSON block
is the request example when the line above it names one ("Request Content Example",
"Post Data Example", ...) or is a row of the parameter table; otherwise it is the response.
The response is the block after ``Status: 200`` when there is one (the seed sometimes
forgets that line), else the last block that is not a request.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "uvdesk_examples.json"
URL_SYNTAX = re.compile(r"^URL Syntax (/\{_locale\}/api/\S+)\s*$", re.MULTILINE)
BLOCK_START = re.compile(r"^[ \t]*([\{\[])", re.MULTILINE)
REQUEST_LABEL = re.compile(r"request|data example|post data|sample", re.IGNORECASE)
PARAMETER_ROW = re.compile(r"^\w+ \w+ (true|false)\b")
STATUS_LABEL = re.compile(r"^(Status|Success): \d{3}")
# The seed's prose (JSON strings broken over lines) needs the lenient decoder.
DECODER = json.JSONDecoder(strict=False)


def title_before(text: str, position: int) -> str:
    """The heading line above the ``Brief`` line that precedes the URL syntax."""
    lines = [line.strip() for line in text[:position].splitlines() if line.strip()]
    brief = max(i for i, line in enumerate(lines) if line.startswith("Brief"))
    return lines[brief - 1]


def json_blocks(section: str) -> list[tuple[str, Any]]:
    """Every JSON value that starts a line, with the non-empty line above it."""
    blocks: list[tuple[str, Any]] = []
    consumed = 0
    for match in BLOCK_START.finditer(section):
        start = match.start(1)
        if start < consumed:
            continue
        try:
            value, length = DECODER.raw_decode(section[start:])
        except ValueError:
            continue
        above = section[:start].strip().splitlines()
        blocks.append((above[-1].strip() if above else "", value))
        consumed = start + length
    return blocks


def is_request(label: str) -> bool:
    return bool(REQUEST_LABEL.search(label) or PARAMETER_ROW.match(label))


def split_examples(blocks: list[tuple[str, Any]]) -> tuple[Any, Any]:
    requests = [value for label, value in blocks if is_request(label)]
    after_status = [value for label, value in blocks if STATUS_LABEL.match(label)]
    others = [value for label, value in blocks if not is_request(label)]
    response = after_status[0] if after_status else (others[-1] if others else None)
    return (requests[0] if requests else None), response


def endpoints(text: str) -> list[dict[str, Any]]:
    found = []
    matches = list(URL_SYNTAX.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        section = text[match.end() : end]
        method = re.search(r"^Method (\w+)", section, re.MULTILINE)
        example = re.search(r"^Example:? ?(.*)$", section, re.MULTILINE)
        request, response = split_examples(json_blocks(section))
        found.append(
            {
                "title": title_before(text, match.start()),
                "method": method.group(1) if method else "",
                "route": match.group(1).replace("/{_locale}", "").replace("{_format}", "json"),
                "example": example.group(1).strip() if example else "",
                "request": request,
                "response": response,
            }
        )
    return found


def main(seed: str) -> None:
    text = Path(seed).read_text(encoding="utf-8")
    FIXTURE.write_text(json.dumps(endpoints(text), indent=1, ensure_ascii=False) + "\n")
    sys.stdout.write(f"wrote {FIXTURE}\n")


if __name__ == "__main__":
    main(sys.argv[1])
