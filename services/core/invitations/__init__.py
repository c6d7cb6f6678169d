"""Invitations to a network (built on main by the lead; a placeholder on the SSO branch)."""
