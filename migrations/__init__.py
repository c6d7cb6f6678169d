"""Alembic's migration environment, and the blocks its revisions share (columns.py)."""
