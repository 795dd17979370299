"""The 5 areas and 16 competences (docs/domain.md §2), with their English titles."""
from __future__ import annotations

from .model import Area, Competence

AREAS = (
    Area("1", "Information et données", "Information and data"),
    Area("2", "Communication et collaboration", "Communication and collaboration"),
    Area("3", "Création de contenu", "Content creation"),
    Area("4", "Protection et sécurité", "Protection and security"),
    Area("5", "Environnement numérique", "Digital environment"),
)

COMPETENCES = (
    Competence("1.1", "1", "Mener une recherche et une veille d'information", "Searching and monitoring information"),
    Competence("1.2", "1", "Gérer des données", "Managing data"),
    Competence("1.3", "1", "Traiter des données", "Processing data"),
    Competence("2.1", "2", "Interagir", "Interacting"),
    Competence("2.2", "2", "Partager et publier", "Sharing and publishing"),
    Competence("2.3", "2", "Collaborer", "Collaborating"),
    Competence("2.4", "2", "S'insérer dans le monde numérique", "Taking part in the digital world"),
    Competence("3.1", "3", "Développer des documents textuels", "Developing text documents"),
    Competence("3.2", "3", "Développer des documents multimédia", "Developing multimedia documents"),
    Competence("3.3", "3", "Adapter les documents à leur finalité", "Adapting documents to their purpose"),
    Competence("3.4", "3", "Programmer", "Programming"),
    Competence("4.1", "4", "Sécuriser l'environnement numérique", "Securing the digital environment"),
    Competence("4.2", "4", "Protéger les données personnelles et la vie privée",
               "Protecting personal data and privacy"),
    Competence("4.3", "4", "Protéger la santé, le bien-être et l'environnement",
               "Protecting health, well-being and the environment"),
    Competence("5.1", "5", "Résoudre des problèmes techniques", "Solving technical problems"),
    Competence("5.2", "5", "Construire un environnement numérique", "Building a digital environment"),
)
