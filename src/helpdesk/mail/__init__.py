"""Email protocols at the edge: receiving (SMTP listener, IMAP poller) and sending (SMTP).

Everything here turns bytes on a socket into calls of the domain services, and back; the
rules (threading, spam, templates) live in ``helpdesk.domain.mailboxes``."""
