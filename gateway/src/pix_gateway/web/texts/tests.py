"""The web pages' texts for the competences to assess (/mes-tests), in French and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "tests.title": "Mes tests",
        "tests.intro": "Évaluez-vous compétence par compétence : chaque test s'adapte à vos réponses, "
                       "et vous pouvez l'interrompre puis le reprendre quand vous voulez.",
        "tests.total": "Votre score : {pix} pix",
        "tests.errors": "Votre demande n'a pas abouti :",
        "tests.level": "Niveau {level}",
        "tests.pix": "{pix} pix",
        "tests.notEvaluated": "Pas encore évaluée",
        "tests.inProgress": "Test en cours",
        "tests.atMax": "Niveau maximum atteint",
        "tests.start": "Commencer",
        "tests.resume": "Reprendre",
        "tests.improve": "Retenter",
        "tests.reset": "Remettre à zéro",
        "tests.reset.confirm": "Je confirme la remise à zéro : mon niveau et mes pix de cette compétence "
                               "repartiront de 0",
        "tests.reset.later": "Remise à zéro possible à partir du {date}.",
        "tests.resetDone": "La compétence a été remise à zéro.",
    },
    "en": {
        "tests.title": "My tests",
        "tests.intro": "Assess yourself one competence at a time: each test adapts to your answers, and you "
                       "can stop it and resume it whenever you like.",
        "tests.total": "Your score: {pix} pix",
        "tests.errors": "Your request did not go through:",
        "tests.level": "Level {level}",
        "tests.pix": "{pix} pix",
        "tests.notEvaluated": "Not assessed yet",
        "tests.inProgress": "Test in progress",
        "tests.atMax": "Maximum level reached",
        "tests.start": "Start",
        "tests.resume": "Resume",
        "tests.improve": "Try again",
        "tests.reset": "Reset",
        "tests.reset.confirm": "I confirm the reset: my level and pix for this competence will start again from 0",
        "tests.reset.later": "Reset possible from {date}.",
        "tests.resetDone": "The competence has been reset.",
    },
}
