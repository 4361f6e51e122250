"""Running it for real: metrics, logs and graceful shutdown (issue 15)."""
