"""`/docs`: a plain page listing the operations of `/openapi.json`.

Swagger UI and ReDoc load their scripts from a CDN that a Pix host may not reach (and a
CSP of 'self' forbids), so the page is rendered here, without any script.
"""
from __future__ import annotations

from flask import Flask, current_app, render_template_string

_METHODS = ("get", "post", "put", "patch", "delete")

_PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>{{ title }} — API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<main>
<h1>{{ title }} — API {{ version }}</h1>
<p>Description complète au format OpenAPI : <a href="/openapi.json">/openapi.json</a>.</p>
{% if operations %}
<table>
<caption>Opérations</caption>
<thead><tr><th scope="col">Méthode</th><th scope="col">Chemin</th><th scope="col">Résumé</th></tr></thead>
<tbody>
{% for method, path, summary in operations %}
<tr><td>{{ method }}</td><td><code>{{ path }}</code></td><td>{{ summary }}</td></tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>Ce service ne publie pas encore d'opérations.</p>
{% endif %}
</main>
</body>
</html>
"""


def docs_page():
    spec = current_app.extensions["pix"].api.spec.to_dict()
    operations = [(method.upper(), path, op.get("summary", ""))
                  for path, item in sorted(spec.get("paths", {}).items())
                  for method, op in item.items() if method in _METHODS]
    info = spec.get("info", {})
    return render_template_string(_PAGE, title=info.get("title", "Pix"), version=info.get("version", ""),
                                  operations=operations)


def install(app: Flask) -> None:
    app.add_url_rule("/docs", "docs", docs_page, methods=["GET"])
