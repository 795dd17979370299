"""The texts of the API documentation page (/api/docs), in French and English. The reference
itself is Swagger UI's, in English: its words are the library's, the operations' are the
services' (French summaries)."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "apidocs.title": "Documentation de l'API Pix",
        "apidocs.intro": "L'API publique de Pix, telle que la passerelle la sert : chaque opération avec ses "
                         "paramètres, ses réponses et ses erreurs.",
        "apidocs.auth": "Les opérations marquées d'un cadenas demandent un jeton d'accès : obtenez-le avec "
                        "POST /api/token, puis donnez-le par le bouton « Authorize ».",
        "apidocs.language": "La référence ci-dessous est affichée par Swagger UI, dont l'interface est en anglais.",
        "apidocs.raw": "Le document OpenAPI brut (JSON)",
        "apidocs.reference": "Référence de l'API",
        "apidocs.noscript": "Cette référence a besoin de JavaScript ; sans lui, lisez le document OpenAPI brut.",
    },
    "en": {
        "apidocs.title": "Pix API documentation",
        "apidocs.intro": "Pix's public API as the gateway serves it: each operation with its parameters, its "
                         "answers and its errors.",
        "apidocs.auth": "Operations marked with a padlock need an access token: get one with POST /api/token, "
                        "then give it through the “Authorize” button.",
        "apidocs.language": "The reference below is shown by Swagger UI.",
        "apidocs.raw": "The raw OpenAPI document (JSON)",
        "apidocs.reference": "API reference",
        "apidocs.noscript": "This reference needs JavaScript; without it, read the raw OpenAPI document.",
    },
}
