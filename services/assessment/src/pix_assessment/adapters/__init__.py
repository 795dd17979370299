"""The infrastructure assessment's handlers use: its collections beside the event store
(stores.py) and the Prometheus metrics operations watch (metrics.py)."""
