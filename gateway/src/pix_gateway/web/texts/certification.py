"""The web pages' texts for certification (eligibility), in French and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "certification.title": "Certification",
        "certification.intro": "La certification Pix est un diplôme officiel de vos compétences numériques. "
                               "Elle se passe dans un centre de certification agréé, sous la surveillance "
                               "d'un surveillant : le test vérifie, compétence par compétence, le niveau "
                               "de votre profil.",
        "certification.eligible": "Vous pouvez passer la certification.",
        "certification.notEligible": "Vous ne pouvez pas encore passer la certification.",
        "certification.rule": "Il faut au moins 5 compétences de niveau 1 ou plus dans votre profil.",
        "certification.counted.one": "{n} compétence compte pour la certification ({required} sont nécessaires).",
        "certification.counted.other": "{n} compétences comptent pour la certification ({required} sont "
                                       "nécessaires).",
        "certification.missing.one": "Il vous manque {n} compétence de niveau 1 ou plus.",
        "certification.missing.other": "Il vous manque {n} compétences de niveau 1 ou plus.",
        "certification.listTitle": "Les compétences qui comptent",
        "certification.level": "niveau {level}",
        "certification.toTests": "Passez des tests pour faire progresser votre profil",
        "certification.signIn": "Connectez-vous pour savoir si vous pouvez la passer",
        "certification.howTo": "Pour passer la certification, inscrivez-vous auprès d'un centre agréé "
                               "(votre établissement, par exemple) : il vous donnera le code d'accès de "
                               "votre session.",
    },
    "en": {
        "certification.title": "Certification",
        "certification.intro": "The Pix certification is an official certificate of your digital skills. "
                               "It is taken in an accredited certification center, under an invigilator: "
                               "the test checks your profile's level, competence by competence.",
        "certification.eligible": "You can take the certification.",
        "certification.notEligible": "You cannot take the certification yet.",
        "certification.rule": "Your profile needs at least 5 competences at level 1 or more.",
        "certification.counted.one": "{n} competence counts for the certification ({required} are needed).",
        "certification.counted.other": "{n} competences count for the certification ({required} are needed).",
        "certification.missing.one": "You need {n} more competence at level 1 or more.",
        "certification.missing.other": "You need {n} more competences at level 1 or more.",
        "certification.listTitle": "The competences that count",
        "certification.level": "level {level}",
        "certification.toTests": "Take tests to raise your profile",
        "certification.signIn": "Sign in to know whether you can take it",
        "certification.howTo": "To take the certification, register with an accredited center (your school "
                               "or university, for instance): it will give you your session's access code.",
    },
}
