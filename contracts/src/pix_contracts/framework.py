"""The facts of the framework that several services' contracts rely on, in one place.

Assessment owns the framework (its content: skills, challenges, texts); these are only the
parts other services rely on: the 16 competence codes, in the order every ProfileUpdated
lists them, the pix/level/progress rule (docs/domain.md §5) that readers of
CompetenceEvaluated and ProfileUpdated apply, and the areas' and competences' titles in
French and English (docs/domain.md §2), which a certificate prints.
"""
from __future__ import annotations

COMPETENCE_CODES: tuple[str, ...] = (
    "1.1", "1.2", "1.3",
    "2.1", "2.2", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3",
    "5.1", "5.2",
)

AREA_CODES: tuple[str, ...] = tuple(dict.fromkeys(code.split(".")[0] for code in COMPETENCE_CODES))

# code → (French, English)
AREA_TITLES: dict[str, tuple[str, str]] = {
    "1": ("Information et données", "Information and data"),
    "2": ("Communication et collaboration", "Communication and collaboration"),
    "3": ("Création de contenu", "Content creation"),
    "4": ("Protection et sécurité", "Protection and security"),
    "5": ("Environnement numérique", "Digital environment"),
}
COMPETENCE_TITLES: dict[str, tuple[str, str]] = {
    "1.1": ("Mener une recherche et une veille d'information", "Searching and monitoring information"),
    "1.2": ("Gérer des données", "Managing data"),
    "1.3": ("Traiter des données", "Processing data"),
    "2.1": ("Interagir", "Interacting"),
    "2.2": ("Partager et publier", "Sharing and publishing"),
    "2.3": ("Collaborer", "Collaborating"),
    "2.4": ("S'insérer dans le monde numérique", "Taking part in the digital world"),
    "3.1": ("Développer des documents textuels", "Developing text documents"),
    "3.2": ("Développer des documents multimédia", "Developing multimedia documents"),
    "3.3": ("Adapter les documents à leur finalité", "Adapting documents to their purpose"),
    "3.4": ("Programmer", "Programming"),
    "4.1": ("Sécuriser l'environnement numérique", "Securing the digital environment"),
    "4.2": ("Protéger les données personnelles et la vie privée", "Protecting personal data and privacy"),
    "4.3": ("Protéger la santé, le bien-être et l'environnement", "Protecting health, well-being and the environment"),
    "5.1": ("Résoudre des problèmes techniques", "Solving technical problems"),
    "5.2": ("Construire un environnement numérique", "Building a digital environment"),
}

PIX_PER_LEVEL = 8
FRAMEWORK_MAX_LEVEL = 8  # levels the framework defines; a deployment opens up to PIX_MAX_LEVEL of them


def progress(pix: int, level: int, max_level: int) -> int:
    """Pix earned toward the next level; 0 once the maximum level is reached."""
    return 0 if level >= max_level else pix % PIX_PER_LEVEL
