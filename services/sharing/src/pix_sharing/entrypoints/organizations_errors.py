"""The organizations feature's domain errors → HTTP statuses, and their texts in French and English.
"Not yours" and "does not exist" share one 404 per resource (ORGANIZATION_NOT_FOUND); 403
only when the caller's own role is too low inside their own organization."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.organizations import (
    InvitationExpired,
    InvitationNotFound,
    InvitationUsed,
    LastAdmin,
    MemberNotFound,
    NotAnOrganizationAdmin,
    OrganizationCodeEmpty,
    OrganizationCodeUnknown,
    OrganizationNotFound,
)

ERRORS: ErrorTable = {
    OrganizationCodeEmpty: 422,
    OrganizationCodeUnknown: 404,
    OrganizationNotFound: 404,
    MemberNotFound: 404,
    LastAdmin: 409,
    InvitationNotFound: 404,
    InvitationUsed: 409,
    InvitationExpired: 410,
    NotAnOrganizationAdmin: 403,
}
MESSAGES: Catalog = {
    "ORGANIZATION_CODE_EMPTY": {"fr": "Veuillez saisir le code de l'organisation.",
                                "en": "Please enter the organization's code."},
    "ORGANIZATION_CODE_UNKNOWN": {"fr": "Ce code ne correspond à aucune organisation.",
                                  "en": "This code does not match any organization."},
    "ORGANIZATION_NOT_FOUND": {"fr": "Cette organisation n'existe pas ou vous n'en êtes pas membre.",
                               "en": "This organization does not exist or you are not one of its members."},
    "MEMBER_NOT_FOUND": {"fr": "Cette personne n'est pas membre de l'organisation.",
                         "en": "This person is not a member of the organization."},
    "LAST_ADMIN": {"fr": "Une organisation garde au moins un administrateur.",
                   "en": "An organization keeps at least one administrator."},
    "INVITATION_NOT_FOUND": {"fr": "Cette invitation n'existe pas ; vérifiez le lien reçu par e-mail.",
                             "en": "This invitation does not exist; check the link you received by email."},
    "INVITATION_USED": {"fr": "Cette invitation a déjà été utilisée.", "en": "This invitation was already used."},
    "INVITATION_EXPIRED": {"fr": "Cette invitation a expiré ; demandez-en une nouvelle à un administrateur "
                                 "de l'organisation.",
                           "en": "This invitation has expired; ask an administrator of the organization "
                                 "for a new one."},
    "ORGANIZATION_NAME_LENGTH": {"fr": "Le nom de l'organisation doit contenir entre 1 et 200 caractères.",
                                 "en": "The organization's name must contain between 1 and 200 characters."},
    "ORGANIZATION_TYPE_UNKNOWN": {"fr": "Type d'organisation inconnu : SCO, SUP, PRO ou MEDIATION.",
                                  "en": "Unknown organization type: SCO, SUP, PRO or MEDIATION."},
    "MEMBER_ROLE_UNKNOWN": {"fr": "Rôle inconnu : ADMIN ou MEMBER.", "en": "Unknown role: ADMIN or MEMBER."},
    "INVITATION_EMAIL_TOO_LONG": {"fr": "L'adresse e-mail ne doit pas dépasser 255 caractères.",
                       "en": "The email address must not exceed 255 characters."},
}
