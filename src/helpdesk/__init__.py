"""Helpdesk server: the Marketplace Helpdesk API and the UVdesk REST API v1 over one core."""

__version__ = "0.1.0"
