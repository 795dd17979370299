"""The web pages' texts for the account page, in French and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "account.title": "Mon compte",
        "account.details": "Mes informations",
        "account.rename": "Modifier mon nom",
        "account.rename.submit": "Enregistrer",
        "account.renamed": "Vos nom et prénom ont été modifiés.",
        "account.delete": "Supprimer mon compte",
        "account.delete.text": "La suppression est définitive : vos nom, prénom et adresse e-mail seront "
                               "effacés de Pix.",
        "account.delete.confirm": "Je comprends que la suppression de mon compte est définitive",
        "account.delete.submit": "Supprimer mon compte",
    },
    "en": {
        "account.title": "My account",
        "account.details": "My details",
        "account.rename": "Change my name",
        "account.rename.submit": "Save",
        "account.renamed": "Your name has been changed.",
        "account.delete": "Delete my account",
        "account.delete.text": "Deletion is final: your names and email address will be erased from Pix.",
        "account.delete.confirm": "I understand that deleting my account is final",
        "account.delete.submit": "Delete my account",
    },
}
