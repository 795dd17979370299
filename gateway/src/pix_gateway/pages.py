"""The web pages. For now the home page; the candidates', organizations' and centers'
pages come with their features (DESIGN.md §6: server-rendered, French first)."""
from __future__ import annotations

from flask import Response

HOME = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pix</title>
</head>
<body>
<main>
<h1>Pix</h1>
<p>Pix permet d'évaluer, de développer et de certifier ses compétences numériques,
dans les 16 compétences du référentiel : information et données, communication et
collaboration, création de contenu, protection et sécurité, environnement numérique.</p>
<p>Les pages pour créer un compte, passer un test et consulter son profil arrivent bientôt.</p>
<h2>Pour les développeurs</h2>
<ul>
<li><a href="/api/openapi.json">Description de l'API (OpenAPI)</a></li>
</ul>
</main>
</body>
</html>
"""


def home() -> Response:
    return Response(HOME, mimetype="text/html")
