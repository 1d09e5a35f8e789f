"""Background jobs: rows in the application database, queued in the transaction that
causes them and claimed by workers (``FOR UPDATE SKIP LOCKED`` on PostgreSQL)."""
