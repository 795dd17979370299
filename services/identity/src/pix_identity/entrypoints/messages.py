"""Identity's error codes in French and English (added to pixkit.web's catalog)."""

MESSAGES = {
    "EMAIL_TAKEN": {"fr": "Cette adresse e-mail est déjà utilisée.", "en": "This email address is already in use."},
    "NAME_LENGTH": {"fr": "Ce champ doit contenir entre 1 et 255 caractères.",
                    "en": "This field must contain between 1 and 255 characters."},
    "EMAIL_TOO_LONG": {"fr": "L'adresse e-mail ne doit pas dépasser 255 caractères.",
                       "en": "The email address must not exceed 255 characters."},
    "PASSWORD_TOO_WEAK": {
        "fr": "Le mot de passe doit contenir au moins 8 caractères, dont une majuscule, une minuscule et un chiffre.",
        "en": "The password must contain at least 8 characters, including an uppercase letter, "
              "a lowercase letter and a digit.",
    },
    "PASSWORD_TOO_LONG": {"fr": "Le mot de passe ne doit pas dépasser 255 caractères.",
                          "en": "The password must not exceed 255 characters."},
    "INVALID_CREDENTIALS": {"fr": "L'adresse e-mail ou le mot de passe est incorrect.",
                            "en": "The email address or the password is incorrect."},
    "INVALID_TOKEN": {"fr": "Votre session a expiré ou n'est pas valide ; reconnectez-vous.",
                      "en": "Your session has expired or is not valid; please sign in again."},
    "TOO_MANY_REQUESTS": {"fr": "Trop de tentatives ; réessayez dans une minute.",
                          "en": "Too many attempts; please try again in a minute."},
    "TERMS_NOT_ACCEPTED": {"fr": "Vous devez accepter les conditions d'utilisation de Pix pour créer un compte.",
                           "en": "You must accept the Pix terms of use to create an account."},
    "ROBOT_CHECK_MISSING": {"fr": "La vérification anti-robot n'a pas été faite ; rechargez la page.",
                            "en": "The robot check was not done; please reload the page."},
    "ROBOT_CHECK_FAILED": {"fr": "La vérification anti-robot a échoué ; rechargez la page et réessayez.",
                           "en": "The robot check failed; please reload the page and try again."},
    "RESET_LINK_INVALID": {"fr": "Ce lien de réinitialisation n'est plus valable : il a expiré ou a déjà servi. "
                                 "Demandez-en un nouveau.",
                           "en": "This reset link is no longer valid: it has expired or was already used. "
                                 "Please ask for a new one."},
    "USER_NOT_FOUND": {"fr": "Ce compte n'existe pas.", "en": "This account does not exist."},
    "UNKNOWN_ROLE": {"fr": "Rôle inconnu : SUPER_ADMIN, SUPPORT ou CERTIF.",
                     "en": "Unknown role: SUPER_ADMIN, SUPPORT or CERTIF."},
    "CANNOT_DEMOTE_SELF": {"fr": "Vous ne pouvez pas retirer votre propre rôle SUPER_ADMIN.",
                           "en": "You cannot remove your own SUPER_ADMIN role."},
}
