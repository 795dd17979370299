"""How the outside reaches certification: HTTP (http.py) and the worker process (worker.py)."""
