"""Mail out: messages rendered from email templates, written to an outbox in the
transaction that causes them and sent by a background job after it commits."""
