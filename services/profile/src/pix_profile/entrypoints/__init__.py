"""How the outside reaches profile: HTTP (http.py) and the worker process (worker.py); what
its refusals become over HTTP (errors.py) and their texts (messages.py)."""
