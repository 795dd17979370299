"""The French and English texts of assessment's error codes, handed to create_base_app
(the codes themselves are the domain's, domain/errors.py, and the request schemas')."""
from __future__ import annotations


class Counted(str):
    """A text whose wording follows a count: pixkit's catalog calls `format(**params)`, and
    this picks the singular form for one (French: zero or one), the plural otherwise."""

    def __new__(cls, one: str, other: str, *, count: str = "days", singular: tuple[int, ...] = (1,)) -> Counted:
        text = super().__new__(cls, other)
        text.one, text.count, text.singular = one, count, singular
        return text

    def format(self, *args, **params) -> str:
        form = self.one if params.get(self.count) in self.singular else str(self)
        return str.format(form, *args, **params)


def _fr(one: str, other: str) -> Counted:
    return Counted(one, other, singular=(0, 1))


def _en(one: str, other: str) -> Counted:
    return Counted(one, other)


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
    "RESET_TOO_EARLY": {"fr": _fr("Vous pourrez remettre à zéro cette compétence dans {days} jour.",
                                  "Vous pourrez remettre à zéro cette compétence dans {days} jours."),
                        "en": _en("You can reset this competence in {days} day.",
                                  "You can reset this competence in {days} days.")},
    "IMPROVE_TOO_EARLY": {
        "fr": _fr("Vous pourrez retenter cette compétence dans {days} jour : une question manquée n'est "
                  "reposée que 4 jours après.",
                  "Vous pourrez retenter cette compétence dans {days} jours : une question manquée n'est "
                  "reposée que 4 jours après."),
        "en": _en("You can retry this competence in {days} day: a missed question is asked again only "
                  "4 days later.",
                  "You can retry this competence in {days} days: a missed question is asked again only "
                  "4 days later.")},
    "NOTHING_TO_IMPROVE": {"fr": "Il n'y a pas de nouvelle question à vous poser sur cette compétence pour "
                                 "l'instant.",
                           "en": "There is no new question to ask you on this competence for now."},
    "NOTHING_TO_ASK": {"fr": "Cette compétence n'a aucune question à vous poser pour l'instant.",
                       "en": "This competence has no question to ask you for now."},
    "MALFORMED_ANSWER": {"fr": "La réponse envoyée n'a pas la forme attendue pour cette question.",
                         "en": "The answer sent does not have the shape this question expects."},
    # The answer schema's own codes (entrypoints/http.py's AnswerSchema).
    "ANSWER_OR_SKIP": {"fr": "Envoyez soit une réponse, soit « passer ».",
                       "en": "Send either an answer or a skip."},
    "CHALLENGE_ID_INVALID": {"fr": "Identifiant de question invalide.", "en": "Invalid question id."},
}
