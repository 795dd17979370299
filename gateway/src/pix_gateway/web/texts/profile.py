"""The web pages' texts for the profile page, in French and English.

One vocabulary with the tests page (web/texts/tests.py): a competence is "évaluée"
(assessed) or "pas encore évaluée" (not assessed yet); the pix are the score."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "profile.title": "Mon profil",
        "profile.intro": "Votre résultat : votre niveau et vos pix dans chacune des 16 compétences, à jour dès "
                         "la fin de chaque test.",
        "profile.toTests": "Pour commencer, reprendre ou retenter un test, rendez-vous sur",
        "profile.summary": "Votre résultat",
        "profile.total": "Score total : {pix} pix",
        "profile.completion": "{percent} % de votre profil complet",
        "profile.evaluated": "Compétences évaluées : {n} sur {total}",
        "profile.share": "Partager mon profil",
        "profile.area.evaluated.one": "{n} compétence évaluée sur {total}",
        "profile.area.evaluated.other": "{n} compétences évaluées sur {total}",
        "profile.area.pix": "{pix} pix",
        "profile.gauge": "Niveau {level} sur {max}",
        "profile.pix": "{pix} pix",
        "profile.notEvaluated": "Pas encore évaluée",
        "profile.atMax": "Niveau maximum atteint",
    },
    "en": {
        "profile.title": "My profile",
        "profile.intro": "Your result: your level and pix in each of the 16 competences, up to date as soon as "
                         "each test ends.",
        "profile.toTests": "To start, resume or try a test again, go to",
        "profile.summary": "Your result",
        "profile.total": "Total score: {pix} pix",
        "profile.completion": "{percent}% of your profile complete",
        "profile.evaluated": "Competences assessed: {n} of {total}",
        "profile.share": "Share my profile",
        "profile.area.evaluated.one": "{n} competence assessed of {total}",
        "profile.area.evaluated.other": "{n} competences assessed of {total}",
        "profile.area.pix": "{pix} pix",
        "profile.gauge": "Level {level} of {max}",
        "profile.pix": "{pix} pix",
        "profile.notEvaluated": "Not assessed yet",
        "profile.atMax": "Maximum level reached",
    },
}
