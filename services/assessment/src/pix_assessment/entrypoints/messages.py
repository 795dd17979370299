"""The French and English texts of assessment's error codes, handed to create_base_app
(the codes themselves are the domain's, domain/errors.py, and the request schemas')."""
from __future__ import annotations

MESSAGES = {
    "COMPETENCE_NOT_FOUND": {"fr": "Cette compétence n'existe pas.", "en": "This competence does not exist."},
    "ASSESSMENT_NOT_FOUND": {"fr": "Ce test n'existe pas.", "en": "This test does not exist."},
    "CHALLENGE_NOT_FOUND": {"fr": "Cette question n'existe pas.", "en": "This question does not exist."},
    "NOT_CURRENT_CHALLENGE": {"fr": "Cette question n'est pas celle en cours : la réponse n'a pas été enregistrée.",
                              "en": "This is not the current question: the answer was not recorded."},
    "ASSESSMENT_COMPLETED": {"fr": "Ce test est terminé.", "en": "This test is over."},
    "ALREADY_EVALUATED": {"fr": "Cette compétence est déjà évaluée : vous pouvez la retenter ou la remettre à zéro.",
                          "en": "This competence is already evaluated: you may retry it or reset it."},
    "NOT_EVALUATED_YET": {"fr": "Terminez d'abord un premier test sur cette compétence.",
                          "en": "Finish a first test on this competence first."},
    "MAX_LEVEL_REACHED": {"fr": "Le niveau maximum est déjà atteint pour cette compétence.",
                          "en": "The maximum level is already reached for this competence."},
    "RESET_TOO_EARLY": {"fr": "Vous pourrez remettre à zéro cette compétence dans {days} jour(s).",
                        "en": "You can reset this competence in {days} day(s)."},
    "MALFORMED_ANSWER": {"fr": "La réponse envoyée n'a pas la forme attendue pour cette question.",
                         "en": "The answer sent does not have the shape this question expects."},
    # The answer schema's own codes (entrypoints/http.py's AnswerSchema).
    "ANSWER_OR_SKIP": {"fr": "Envoyez soit une réponse, soit « passer ».",
                       "en": "Send either an answer or a skip."},
    "CHALLENGE_ID_INVALID": {"fr": "Identifiant de question invalide.", "en": "Invalid question id."},
}
