"""Background work: rows in the application database, claimed by workers, each job a thin
call into the domain or the mail adapters."""
