"""The long-running worker: detection passes, reminder and webhook delivery."""
