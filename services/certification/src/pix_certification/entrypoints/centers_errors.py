"""The centers feature's errors (accreditation requests, members, invitations) → HTTP statuses,
and their texts in French and English. NotACenterAdmin is a Forbidden: the table's 403."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.centers import (
    CenterInvitationExpired,
    CenterInvitationNotFound,
    CenterInvitationUsed,
    CenterMemberNotFound,
    CenterNotFound,
    DeclineReasonRequired,
    InvalidAccreditationRequest,
    LastCenterAdmin,
    NotACenterAdmin,
    RequestAlreadyDecided,
    RequestNotFound,
    UnknownMemberRole,
)

ERRORS: ErrorTable = {
    InvalidAccreditationRequest: 422,
    RequestNotFound: 404,
    RequestAlreadyDecided: 409,
    DeclineReasonRequired: 422,
    UnknownMemberRole: 422,
    CenterNotFound: 404,
    CenterMemberNotFound: 404,
    LastCenterAdmin: 409,
    CenterInvitationNotFound: 404,
    CenterInvitationUsed: 409,
    CenterInvitationExpired: 410,
    NotACenterAdmin: 403,
}
MESSAGES: Catalog = {
    "INVALID_ACCREDITATION_REQUEST": {"fr": "Certaines informations de la demande sont manquantes ou incorrectes.",
                                      "en": "Some of the request's details are missing or wrong."},
    "ACCREDITATION_REQUEST_NOT_FOUND": {"fr": "Cette demande d'agrément n'existe pas.",
                                        "en": "This accreditation request does not exist."},
    "ACCREDITATION_REQUEST_ALREADY_DECIDED": {"fr": "Cette demande d'agrément a déjà été traitée.",
                                              "en": "This accreditation request has already been decided."},
    "DECLINE_REASON_REQUIRED": {"fr": "Indiquez la raison du refus.",
                                "en": "Please give the reason for declining."},
    "UNKNOWN_MEMBER_ROLE": {"fr": "Ce rôle n'existe pas : choisissez administrateur ou membre.",
                            "en": "This role does not exist: choose administrator or member."},
    "CENTER_NOT_FOUND": {"fr": "Ce centre de certification n'existe pas ou vous n'en êtes pas membre.",
                         "en": "This certification center does not exist or you are not one of its members."},
    "UNKNOWN_DECISION": {"fr": "Décision inconnue : ACCREDITED (agréer) ou DECLINED (refuser).",
                         "en": "Unknown decision: ACCREDITED or DECLINED."},
    "CENTER_INVITATION_EMAIL_TOO_LONG": {"fr": "L'adresse e-mail ne doit pas dépasser 255 caractères.",
                                         "en": "The email address must not exceed 255 characters."},
    "CENTER_MEMBER_NOT_FOUND": {"fr": "Cette personne n'est pas membre du centre.",
                                "en": "This person is not a member of the center."},
    "LAST_CENTER_ADMIN": {"fr": "Le centre doit garder au moins un administrateur.",
                          "en": "The center must keep at least one administrator."},
    "CENTER_INVITATION_NOT_FOUND": {"fr": "Cette invitation n'existe pas.",
                                    "en": "This invitation does not exist."},
    "CENTER_INVITATION_USED": {"fr": "Cette invitation a déjà été utilisée.",
                               "en": "This invitation has already been used."},
    "CENTER_INVITATION_EXPIRED": {
        "fr": "Cette invitation a expiré : demandez-en une nouvelle à l'administrateur du centre.",
        "en": "This invitation has expired: ask the center's administrator for a new one."},
}
