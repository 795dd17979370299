"""How the outside reaches assessment: HTTP (http.py) and the worker process (worker.py)."""
