"""How the outside reaches profile: HTTP (http.py) and the worker process (worker.py)."""
