"""How the outside reaches identity: HTTP (http.py) and the worker process (worker.py)."""
