"""The sessions feature's errors (details, candidates, joining, the exam's steps, finalization,
publication) → HTTP statuses, and their texts in French and English. A failed join says only
that no candidate matches, never which field was wrong."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.sessions import (
    AccessCodeExhausted,
    AccessCodeUnknown,
    CandidateAlreadyLinked,
    CandidateDuplicated,
    CandidateIdTaken,
    CandidateNotAuthorized,
    CandidateNotFound,
    CandidateStateInvalid,
    CandidatesUnaccounted,
    InvigilatorRefused,
    NotEligible,
    PersonAlreadyLinked,
    SessionDetailsInvalid,
    SessionNotEditable,
    SessionNotFound,
    SessionStatusInvalid,
    UnknownAlertKind,
)

ERRORS: ErrorTable = {
    SessionNotFound: 404,
    SessionNotEditable: 409,
    SessionStatusInvalid: 409,
    SessionDetailsInvalid: 422,
    AccessCodeExhausted: 503,
    CandidateDuplicated: 409,
    CandidateIdTaken: 409,
    CandidateNotFound: 404,
    CandidateAlreadyLinked: 409,
    PersonAlreadyLinked: 409,
    CandidateNotAuthorized: 403,
    CandidateStateInvalid: 409,
    UnknownAlertKind: 422,
    CandidatesUnaccounted: 409,
    AccessCodeUnknown: 404,
    InvigilatorRefused: 401,
    NotEligible: 409,
}
MESSAGES: Catalog = {
    "ACCESS_CODE_UNKNOWN": {"fr": "Ce code d'accès ne correspond à aucune session. Vérifiez-le auprès du surveillant.",
                            "en": "This access code does not match any session. Check it with the invigilator."},
    "INVIGILATOR_REFUSED": {"fr": "Le code d'accès ou le mot de passe surveillant est incorrect, ou votre accès a "
                                  "expiré : saisissez-les à nouveau.",
                            "en": "The access code or the invigilator password is wrong, or your access expired: "
                                  "enter them again."},
    "NOT_ELIGIBLE": {"fr": "Votre profil ne permet pas encore de passer la certification : il faut au moins 5 "
                           "compétences de niveau 1 ou plus (il en manque {missing}).",
                     "en": "Your profile does not allow a certification yet: it needs at least 5 competences at "
                           "level 1 or above ({missing} missing)."},
    "BIRTH_DATE_INVALID": {"fr": "Saisissez votre date de naissance au format AAAA-MM-JJ.",
                           "en": "Enter your birth date as YYYY-MM-DD."},
    "SESSION_FIELD_TOO_LONG": {"fr": "Ce champ est trop long.", "en": "This field is too long."},
    "SESSION_DATE_INVALID": {"fr": "Saisissez la date au format AAAA-MM-JJ.", "en": "Enter the date as YYYY-MM-DD."},
    "SESSION_TIME_INVALID": {"fr": "Saisissez l'heure au format HH:MM.", "en": "Enter the time as HH:MM."},
    "SESSION_NOT_FOUND": {"fr": "Cette session n'existe pas ou vous n'y avez pas accès.",
                          "en": "This session does not exist or you have no access to it."},
    "SESSION_NOT_EDITABLE": {"fr": "La session est finalisée : elle ne peut plus être modifiée.",
                             "en": "The session is finalized: it can no longer be changed."},
    "SESSION_STATUS_INVALID": {"fr": "Cette étape n'est pas possible dans l'état actuel de la session.",
                               "en": "This step is not possible in the session's current state."},
    "SESSION_DETAILS_INVALID": {"fr": "Certaines informations de la session sont manquantes ou incorrectes.",
                                "en": "Some of the session's details are missing or wrong."},
    "ACCESS_CODE_EXHAUSTED": {"fr": "Aucun code d'accès n'a pu être attribué. Réessayez dans un instant.",
                              "en": "No access code could be given. Please try again in a moment."},
    "CANDIDATE_DUPLICATED": {"fr": "Un même candidat figure deux fois dans la liste.",
                             "en": "The same candidate is on the list twice."},
    "CANDIDATE_ID_TAKEN": {"fr": "Ce candidat existe déjà dans la session.",
                           "en": "This candidate already exists in the session."},
    "CANDIDATE_NOT_FOUND": {
        "fr": "Aucun candidat de cette session ne correspond. Vérifiez le code d'accès, vos nom, prénom "
              "et date de naissance, ou adressez-vous au surveillant.",
        "en": "No candidate of this session matches. Check the access code, your names and birth date, "
              "or ask the invigilator."},
    "CANDIDATE_ALREADY_LINKED": {"fr": "Ce candidat a déjà rejoint la session depuis un autre compte.",
                                 "en": "This candidate already joined the session from another account."},
    "PERSON_ALREADY_LINKED": {"fr": "Vous avez déjà rejoint cette session comme un autre candidat.",
                              "en": "You already joined this session as another candidate."},
    "CANDIDATE_NOT_AUTHORIZED": {"fr": "Le surveillant n'a pas encore autorisé votre entrée en test.",
                                 "en": "The invigilator has not let you start yet."},
    "CANDIDATE_STATE_INVALID": {"fr": "Cette étape n'est pas possible pour ce candidat maintenant.",
                                "en": "This step is not possible for this candidate now."},
    "UNKNOWN_ALERT_KIND": {"fr": "Ce type de signalement n'existe pas.",
                           "en": "This kind of alert does not exist."},
    "CANDIDATES_UNACCOUNTED": {
        "fr": "Avant de finaliser, indiquez pour chaque candidat s'il a terminé son test ou s'il était absent.",
        "en": "Before finalizing, say for each candidate whether they finished their test or were absent."},
}
