"""Human messages for error codes, French first and English second (docs/architecture.md §6).

A catalog maps a code to its message per language; services add their own codes through
create_base_app(messages=…). Unknown codes fall back to a generic message, never to a
stack trace or an internal name.
"""
from __future__ import annotations

from pixkit.text import MESSAGES as TEXT_MESSAGES

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

Catalog = dict[str, dict[str, str]]

BASE_MESSAGES: Catalog = {
    # Request-level codes (see errors.HTTP_CODES).
    "BAD_REQUEST": {"fr": "La requête est invalide.", "en": "The request is invalid."},
    "INVALID_JSON": {"fr": "Le corps de la requête n'est pas un JSON valide.",
                     "en": "The request body is not valid JSON."},
    # pixkit.strict_json: what the shared body decoding refuses (docs/adr/0008).
    "JSON_TOO_DEEP": {"fr": "Le JSON envoyé est trop imbriqué (au plus {limit} niveaux).",
                      "en": "The JSON sent is nested too deeply (at most {limit} levels)."},
    "JSON_NUMBER_TOO_LARGE": {"fr": "Un nombre du JSON envoyé est trop long ou trop grand "
                                    "(au plus {limit} caractères).",
                              "en": "A number in the JSON sent is too long or too large (at most {limit} characters)."},
    "JSON_INVALID_UNICODE": {"fr": "Le JSON envoyé contient une demi-paire de substitution seule (comme \\ud800), "
                                   "qui n'est pas un caractère.",
                             "en": "The JSON sent holds a lone surrogate half (such as \\ud800), "
                                   "which is not a character."},
    "VALIDATION_ERROR": {"fr": "Certaines données envoyées sont invalides.",
                         "en": "Some of the data sent is invalid."},
    "UNAUTHORIZED": {"fr": "Vous devez être connecté.", "en": "You must be signed in."},
    "INVALID_TOKEN": {"fr": "Votre session a expiré ou n'est pas valide ; reconnectez-vous.",
                      "en": "Your session has expired or is not valid; please sign in again."},
    "FORBIDDEN": {"fr": "Vous n'avez pas accès à cette ressource.",
                  "en": "You do not have access to this resource."},
    "NOT_FOUND": {"fr": "Cette ressource n'existe pas.", "en": "This resource does not exist."},
    # Answered by the HTTP server before the app (pixkit.web.protocol_errors).
    "URI_TOO_LONG": {"fr": "L'adresse demandée est trop longue.", "en": "The address requested is too long."},
    "HEADERS_TOO_LARGE": {"fr": "Les en-têtes de la requête sont trop nombreux ou trop longs.",
                          "en": "The request headers are too many or too long."},
    "EXPECTATION_FAILED": {"fr": "L'en-tête Expect de la requête n'est pas pris en charge.",
                           "en": "The request's Expect header is not supported."},
    "NOT_IMPLEMENTED": {"fr": "La requête utilise un codage de transfert que le serveur ne prend pas en charge.",
                        "en": "The request uses a transfer coding the server does not support."},
    "METHOD_NOT_ALLOWED": {"fr": "Cette méthode n'est pas permise sur cette ressource.",
                           "en": "This method is not allowed on this resource."},
    "NOT_ACCEPTABLE": {"fr": "Ce format de réponse n'est pas disponible.",
                       "en": "This response format is not available."},
    "CONFLICT": {"fr": "La requête est en conflit avec l'état actuel.",
                 "en": "The request conflicts with the current state."},
    "CONCURRENT_UPDATE": {"fr": "Une autre modification est passée avant la vôtre ; réessayez.",
                          "en": "Another change came first; please try again."},
    "PAYLOAD_TOO_LARGE": {"fr": "Le corps de la requête dépasse la taille permise ({limit} octets).",
                          "en": "The request body exceeds the allowed size ({limit} bytes)."},
    "UNSUPPORTED_MEDIA_TYPE": {"fr": "Le corps de la requête doit être du JSON (application/json).",
                               "en": "The request body must be JSON (application/json)."},
    "TOO_MANY_REQUESTS": {"fr": "Trop de requêtes ; réessayez plus tard.",
                          "en": "Too many requests; please try again later."},
    "SERVICE_UNAVAILABLE": {"fr": "Le service est momentanément indisponible.",
                            "en": "The service is temporarily unavailable."},
    "NOT_READY": {"fr": "Le service n'est pas prêt.", "en": "The service is not ready."},
    "INTERNAL_ERROR": {"fr": "Une erreur inattendue est survenue.", "en": "An unexpected error occurred."},
    "HTTP_ERROR": {"fr": "La requête n'a pas abouti.", "en": "The request did not succeed."},
    # Field-level codes (see schemas.Schema): "<FIELD KIND>_<MARSHMALLOW KEY>".
    "REQUIRED": {"fr": "Ce champ est obligatoire.", "en": "This field is required."},
    "NULL": {"fr": "Ce champ ne peut pas être vide.", "en": "This field may not be null."},
    "UNKNOWN_FIELD": {"fr": "Ce champ n'est pas attendu.", "en": "This field is not expected."},
    "INVALID_INPUT_TYPE": {"fr": "Un objet JSON est attendu.", "en": "A JSON object is expected."},
    "INVALID": {"fr": "Cette valeur est invalide.", "en": "This value is invalid."},
    "STRING_INVALID": {"fr": "Une chaîne de caractères est attendue.", "en": "A string is expected."},
    "STRING_INVALID_UTF8": {"fr": "Une chaîne de caractères est attendue.", "en": "A string is expected."},
    "EMAIL_INVALID": {"fr": "L'adresse e-mail n'est pas valide.", "en": "The email address is not valid."},
    "INTEGER_INVALID": {"fr": "Un nombre entier est attendu.", "en": "An integer is expected."},
    "BOOLEAN_INVALID": {"fr": "Une valeur vrai/faux est attendue.", "en": "A true/false value is expected."},
    "LIST_INVALID": {"fr": "Une liste est attendue.", "en": "A list is expected."},
    "CONTROL_CHARACTERS": TEXT_MESSAGES["CONTROL_CHARACTERS"],  # pixkit.text: every person-entered text
    "UUID_INVALID": {"fr": "Un identifiant (UUID) est attendu.", "en": "An identifier (UUID) is expected."},
}


def message(catalog: Catalog, code: str, language: str, params: dict | None = None,
            fallback: str = "HTTP_ERROR") -> str:
    entry = catalog.get(code) or catalog[fallback]
    text = entry.get(language) or entry[DEFAULT_LANGUAGE]
    if params:
        try:
            text = text.format(**params)
        except (KeyError, IndexError, ValueError):
            pass  # a message without that placeholder is still a good message
    return text

