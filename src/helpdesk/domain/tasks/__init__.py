"""Tasks on UVdesk tickets (stages, followers, linked threads) and todos."""
