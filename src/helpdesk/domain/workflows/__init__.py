"""Workflows: automatic ones run on ticket events, manual ones (prepared responses) are
applied by agents; both apply actions to a ticket, and every run is logged on it."""
