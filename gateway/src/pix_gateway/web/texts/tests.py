"""The web pages' texts for the competences to assess (/mes-tests), in French and English.

One vocabulary with the profile (web/texts/profile.py): a competence is "évaluée" (assessed)
or "pas encore évaluée" (not assessed yet); a test is "en cours" (in progress); the actions
are Commencer, Reprendre, Retenter, Remettre à zéro (Start, Resume, Try again, Reset)."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "tests.title": "Mes tests",
        "tests.intro": "Ce que vous pouvez faire maintenant, compétence par compétence : commencer un test, "
                       "reprendre celui en cours, retenter une compétence pour progresser ou la remettre à zéro. "
                       "Chaque test s'adapte à vos réponses, et vous pouvez l'interrompre puis le reprendre "
                       "quand vous voulez.",
        "tests.toProfile": "Vos niveaux et vos pix, à consulter et à partager, sont sur",
        "tests.inProgressList": "Tests en cours",
        "tests.errors": "Votre demande n'a pas abouti :",
        "tests.level": "Niveau {level}",
        "tests.pix": "{pix} pix",
        "tests.notEvaluated": "Pas encore évaluée",
        "tests.inProgress": "Test en cours",
        "tests.atMax": "Niveau maximum atteint",
        "tests.start": "Commencer",
        "tests.resume": "Reprendre",
        "tests.improve": "Retenter",
        "tests.improve.later": "Vous pourrez retenter cette compétence à partir du {when} : une question "
                               "manquée n'est reposée que 4 jours après.",
        "tests.improve.nothing": "Il n'y a pas de nouvelle question à vous poser sur cette compétence : la retenter "
                                 "ne vous ferait pas progresser pour l'instant.",
        "tests.start.nothing": "Cette compétence n'a pas de question à vous poser pour l'instant.",
        "tests.reset": "Remettre à zéro",
        "tests.reset.confirm": "Je confirme la remise à zéro : mon niveau et mes pix de cette compétence "
                               "repartiront de 0",
        "tests.reset.later": "Vous pourrez remettre à zéro cette compétence à partir du {when}, 7 jours après "
                             "votre dernière réponse.",
        "tests.resetDone": "La compétence a été remise à zéro.",
        "tests.when": "{date} à {time}",
        "tests.when.days": "{date} à {time} ({days})",
        "tests.inDays.one": "dans {n} jour",
        "tests.inDays.other": "dans {n} jours",
    },
    "en": {
        "tests.title": "My tests",
        "tests.intro": "What you can do now, one competence at a time: start a test, resume the one in "
                       "progress, try a competence again to progress, or reset it. Each test adapts to your "
                       "answers, and you can stop it and resume it whenever you like.",
        "tests.toProfile": "Your levels and pix, to look at and to share, are on",
        "tests.inProgressList": "Tests in progress",
        "tests.errors": "Your request did not go through:",
        "tests.level": "Level {level}",
        "tests.pix": "{pix} pix",
        "tests.notEvaluated": "Not assessed yet",
        "tests.inProgress": "Test in progress",
        "tests.atMax": "Maximum level reached",
        "tests.start": "Start",
        "tests.resume": "Resume",
        "tests.improve": "Try again",
        "tests.improve.later": "You can try this competence again from {when}: a missed question is asked "
                               "again only 4 days later.",
        "tests.improve.nothing": "There is no new question to ask you on this competence: trying it again would "
                                 "not help you progress for now.",
        "tests.start.nothing": "This competence has no question to ask you for now.",
        "tests.reset": "Reset",
        "tests.reset.confirm": "I confirm the reset: my level and pix for this competence will start again from 0",
        "tests.reset.later": "You can reset this competence from {when}, 7 days after your last answer.",
        "tests.resetDone": "The competence has been reset.",
        "tests.when": "{date} at {time}",
        "tests.when.days": "{date} at {time} ({days})",
        "tests.inDays.one": "in {n} day",
        "tests.inDays.other": "in {n} days",
    },
}
