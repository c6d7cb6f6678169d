"""Drumbeat: the API, the worker and the domain they share."""
