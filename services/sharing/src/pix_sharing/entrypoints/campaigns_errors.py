"""The campaigns feature's domain errors → HTTP statuses, and their texts in French and English."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.campaigns import (
    AlreadyParticipated,
    AlreadyShared,
    CampaignCodeEmpty,
    CampaignCodeUnknown,
    CampaignNotFound,
    CampaignTitleEmpty,
    EmptyTarget,
    NotCompleted,
    ParticipationNotFound,
    RetryNotAllowed,
    RetryTooEarly,
    UnknownCompetence,
)

ERRORS: ErrorTable = {
    CampaignCodeEmpty: 422,
    CampaignCodeUnknown: 404,
    CampaignNotFound: 404,
    ParticipationNotFound: 404,
    AlreadyParticipated: 409,
    NotCompleted: 409,
    AlreadyShared: 409,
    RetryNotAllowed: 409,
    RetryTooEarly: 409,
    EmptyTarget: 422,
    CampaignTitleEmpty: 422,
    UnknownCompetence: 422,
}

MESSAGES: Catalog = {
    # docs/domain.md §7: these two texts are the product's own.
    "CAMPAIGN_CODE_EMPTY": {"fr": "Veuillez saisir un code.", "en": "Please enter a code."},
    "CAMPAIGN_CODE_UNKNOWN": {"fr": "Votre code est erroné, veuillez vérifier ou contacter l'organisateur.",
                              "en": "Your code is wrong; please check it or contact the organizer."},
    "CAMPAIGN_NOT_FOUND": {"fr": "Cette campagne n'existe pas.", "en": "This campaign does not exist."},
    "PARTICIPATION_NOT_FOUND": {"fr": "Cette participation n'existe pas.",
                                "en": "This participation does not exist."},
    "ALREADY_PARTICIPATED": {"fr": "Vous avez déjà participé à cette campagne et envoyé vos résultats.",
                             "en": "You already took part in this campaign and sent your results."},
    "NOT_COMPLETED": {"fr": "Terminez d'abord le parcours de la campagne.",
                      "en": "Finish the campaign's test first."},
    "ALREADY_SHARED": {"fr": "Vos résultats ont déjà été envoyés.", "en": "Your results were already sent."},
    "RETRY_NOT_ALLOWED": {"fr": "Cette campagne ne permet pas de repasser le parcours.",
                          "en": "This campaign does not allow taking its test again."},
    "RETRY_TOO_EARLY": {"fr": "Vous pourrez repasser le parcours 4 jours après l'envoi de vos résultats.",
                        "en": "You may take the test again 4 days after sending your results."},
    "EMPTY_TARGET": {"fr": "Choisissez au moins une compétence ou un sujet à évaluer.",
                     "en": "Choose at least one competence or tube to assess."},
    "CAMPAIGN_TITLE_EMPTY": {"fr": "Donnez un nom à la campagne.", "en": "Give the campaign a name."},
    "CAMPAIGN_COMPETENCE_UNKNOWN": {"fr": "Une des compétences choisies n'existe pas.",
                                    "en": "One of the chosen competences does not exist."},
}
