"""Log lines are single JSON objects."""

from __future__ import annotations

import json
import logging

from helpdesk.core.logging import JsonFormatter


def test_a_record_becomes_one_json_object_with_its_extras() -> None:
    record = logging.LogRecord("helpdesk.access", logging.INFO, __file__, 1, "request", None, None)
    record.status = 200
    record.color_message = "\x1b[36mrequest\x1b[0m"
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "request"
    assert entry["status"] == 200
    assert "color_message" not in entry
