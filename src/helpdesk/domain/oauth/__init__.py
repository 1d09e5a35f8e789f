"""OAuth 2.0 for API clients: registered clients, the token endpoint and revocation."""
