"""Profile's error codes in French and English (added to pixkit.web's catalog)."""

MESSAGES = {
    "PROFILE_NOT_FOUND": {"fr": "Ce profil n'existe pas (encore).", "en": "This profile does not exist (yet)."},
}
