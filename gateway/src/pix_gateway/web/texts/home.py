"""The web pages' texts for the home page and the placeholders of the features still to come, in French and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "home.title": "Bienvenue sur Pix",
        "home.intro": "Pix permet d'évaluer, de développer et de certifier ses compétences numériques, "
                      "dans les 16 compétences du référentiel : information et données, communication et "
                      "collaboration, création de contenu, protection et sécurité, environnement numérique.",
        "home.candidates": "Candidats : créez votre compte, passez des tests et partagez votre profil.",
        "home.organizations": "Organisations : suivez les profils partagés et vos campagnes.",
        "home.centers": "Centres de certification : organisez les sessions et les résultats.",
        "home.deleted": "Votre compte a été supprimé.",
        "home.loggedout": "Vous êtes déconnecté.",
        "soon.title": "Bientôt disponible",
        "soon.text": "Cette page arrive bientôt.",
    },
    "en": {
        "home.title": "Welcome to Pix",
        "home.intro": "Pix lets you assess, develop and certify your digital skills across the 16 "
                      "competences of the framework: information and data, communication and collaboration, "
                      "content creation, protection and safety, digital environment.",
        "home.candidates": "Candidates: create your account, take tests and share your profile.",
        "home.organizations": "Organizations: follow shared profiles and your campaigns.",
        "home.centers": "Certification centers: run sessions and publish results.",
        "home.deleted": "Your account has been deleted.",
        "home.loggedout": "You are signed out.",
        "soon.title": "Coming soon",
        "soon.text": "This page is coming soon.",
    },
}
