"""Bulk seeding of a helpdesk database for the benchmarks (``bench/seed.py`` runs it)."""
