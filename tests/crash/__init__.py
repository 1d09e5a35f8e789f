"""Crash safety: a real server under mixed write load, killed with SIGKILL at random
moments and restarted; every acknowledged write must survive, whole, and nothing stored
may be orphaned or broken. ``python -m tests.crash --help`` runs it outside pytest."""
