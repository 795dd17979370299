"""The organization space's domain errors → HTTP statuses, and their texts in French and English.
Another organization's space answers the organizations feature's ORGANIZATION_NOT_FOUND."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.exports import SharedProfileNotFound

ERRORS: ErrorTable = {
    SharedProfileNotFound: 404,
}
MESSAGES: Catalog = {
    "SHARED_PROFILE_NOT_FOUND": {"fr": "Cette personne n'a pas partagé de profil avec l'organisation.",
                                 "en": "This person has not shared a profile with the organization."},
    "PROFILES_SORT_UNKNOWN": {"fr": "Tri inconnu : lastName, firstName, sharedAt, totalPix, profilePercent "
                                    "ou studentNumber.",
                              "en": "Unknown sort: lastName, firstName, sharedAt, totalPix, profilePercent "
                                    "or studentNumber."},
    "PROFILES_ORDER_UNKNOWN": {"fr": "Ordre inconnu : asc ou desc.", "en": "Unknown order: asc or desc."},
    "PROFILES_NAME_TOO_LONG": {"fr": "Le nom cherché ne doit pas dépasser 200 caractères.",
                               "en": "The name searched for must not exceed 200 characters."},
    "PROFILES_CAMPAIGN_INVALID": {"fr": "Cet identifiant de campagne n'est pas valide.",
                                  "en": "This campaign id is not valid."},
    "PAGE_INVALID": {"fr": "Le numéro de page commence à 1.", "en": "Page numbers start at 1."},
    "PAGE_SIZE_INVALID": {"fr": "Une page compte de 1 à 100 lignes.", "en": "A page holds 1 to 100 rows."},
}
