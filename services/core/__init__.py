"""The Drumbeat domain, shared by the API and the worker."""
