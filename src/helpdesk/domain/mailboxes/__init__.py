"""Mailboxes: where email for the helpdesk arrives and what it is sent from, and the
record of every message that went in or out (threading, idempotent intake)."""
