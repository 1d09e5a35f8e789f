"""Customers and members (agents, admins) of the UVdesk helpdesk. Above tickets: removing
a customer removes their tickets, and lists show how many tickets each one raised."""
