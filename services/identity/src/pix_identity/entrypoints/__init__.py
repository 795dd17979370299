"""How the outside reaches identity: HTTP (http.py), the worker process (worker.py) and the
operators' command line (cli.py)."""
