"""Abuse limits: per-caller rate limits and Idempotency-Key replays."""
