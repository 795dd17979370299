"""The web pages' texts for the admin space, in French and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "admin.title": "Administration",
        "admin.intro": "Retrouvez un compte par son adresse e-mail pour voir ses rôles, les modifier ou "
                       "anonymiser le compte.",
        "admin.forbidden": "Vous n'avez pas accès à cette page.",
        "admin.search": "Rechercher un compte",
        "admin.search.submit": "Rechercher",
        "admin.none": "Aucun compte ne correspond à cette adresse.",
        "admin.account": "Compte",
        "admin.roles": "Rôles",
        "admin.noRole": "Aucun rôle",
        "admin.id": "Identifiant",
        "admin.roles.title": "Rôles de plateforme",
        "admin.roles.legend": "Rôles du compte",
        "admin.roles.hint": "Cochez les rôles à donner, décochez ceux à retirer. Ils s'appliquent à la prochaine "
                            "connexion de la personne.",
        "admin.role.SUPER_ADMIN": "Administre la plateforme : donne et retire les rôles, anonymise les comptes.",
        "admin.role.SUPPORT": "Aide les utilisateurs : retrouve leur compte et l'anonymise à leur demande.",
        "admin.role.CERTIF": "Suit les sessions de certification et leurs résultats.",
        "admin.roles.submit": "Enregistrer les rôles",
        "admin.rolesSaved": "Rôles enregistrés ; ils s'appliquent à la prochaine connexion de la personne.",
        "admin.anonymize": "Anonymiser le compte",
        "admin.anonymize.text": "À la demande de la personne (droit à l'effacement) : ses nom, prénom et adresse "
                                "e-mail sont effacés et ses sessions sont fermées.",
        "admin.anonymize.confirm": "Je confirme l'anonymisation : les nom, prénom et adresse e-mail seront "
                                   "effacés définitivement.",
        "admin.anonymize.submit": "Anonymiser le compte",
        "admin.anonymized": "Le compte a été anonymisé.",
        "admin.error.confirm": "Cochez la case pour confirmer l'anonymisation.",
    },
    "en": {
        "admin.title": "Administration",
        "admin.intro": "Find an account by its email address to see its roles, change them or anonymize the account.",
        "admin.forbidden": "You do not have access to this page.",
        "admin.search": "Find an account",
        "admin.search.submit": "Search",
        "admin.none": "No account matches this address.",
        "admin.account": "Account",
        "admin.roles": "Roles",
        "admin.noRole": "No role",
        "admin.id": "Identifier",
        "admin.roles.title": "Platform roles",
        "admin.roles.legend": "Roles of the account",
        "admin.roles.hint": "Tick the roles to give, untick those to take away. They apply from the person's next "
                            "sign-in.",
        "admin.role.SUPER_ADMIN": "Runs the platform: gives and takes away roles, anonymizes accounts.",
        "admin.role.SUPPORT": "Helps users: finds their account and anonymizes it at their request.",
        "admin.role.CERTIF": "Follows the certification sessions and their results.",
        "admin.roles.submit": "Save the roles",
        "admin.rolesSaved": "Roles saved; they apply from the person's next sign-in.",
        "admin.anonymize": "Anonymize the account",
        "admin.anonymize.text": "At the person's request (right to erasure): their names and email address are "
                                "erased and their sessions are closed.",
        "admin.anonymize.confirm": "I confirm the anonymization: the first name, last name and email address will "
                                   "be erased for good.",
        "admin.anonymize.submit": "Anonymize the account",
        "admin.anonymized": "The account has been anonymized.",
        "admin.error.confirm": "Tick the box to confirm the anonymization.",
    },
}
