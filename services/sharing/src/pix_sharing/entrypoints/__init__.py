"""How the outside reaches sharing: HTTP (http.py) and the worker process (worker.py)."""
