"""The web pages' texts for the profile page, in French and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "profile.title": "Mon profil",
        "profile.intro": "Votre niveau et vos pix dans chacune des 16 compétences, à jour dès la fin de chaque test.",
        "profile.total": "Score total : {pix} pix",
        "profile.completion": "{percent} % de votre profil complet",
        "profile.evaluated": "Compétences évaluées : {n} sur {total}",
        "profile.gauge": "Niveau {level} sur {max}",
        "profile.pix": "{pix} pix",
        "profile.notEvaluated": "Non évaluée",
        "profile.inProgress": "Test en cours",
        "profile.atMax": "Niveau maximum atteint",
        "profile.start": "Passer le test",
        "profile.resume": "Reprendre",
        "profile.improve": "Retenter",
    },
    "en": {
        "profile.title": "My profile",
        "profile.intro": "Your level and pix in each of the 16 competences, up to date as soon as each test ends.",
        "profile.total": "Total score: {pix} pix",
        "profile.completion": "{percent}% of your profile complete",
        "profile.evaluated": "Competences assessed: {n} of {total}",
        "profile.gauge": "Level {level} of {max}",
        "profile.pix": "{pix} pix",
        "profile.notEvaluated": "Not assessed",
        "profile.inProgress": "Test in progress",
        "profile.atMax": "Maximum level reached",
        "profile.start": "Take the test",
        "profile.resume": "Resume",
        "profile.improve": "Try again",
    },
}
