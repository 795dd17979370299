"""The web pages' texts for signing up, in, and the forgotten password, in French and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "signup.title": "Créer un compte",
        "signup.submit": "Je m'inscris",
        "signup.robot.working": "Vérification anti-robot en cours (quelques secondes)…",
        "signup.robot.unsupported": "Votre navigateur ne peut pas faire la vérification anti-robot sur cette "
                                    "adresse : ouvrez Pix en https.",
        "signup.haveaccount": "Vous avez déjà un compte ?",
        "field.acceptTerms.before": "J'accepte les ",
        "field.acceptTerms.link": "conditions d'utilisation de Pix",
        "field.acceptTerms.newTab": "Les conditions d'utilisation s'ouvrent dans un nouvel onglet ; ce que vous "
                                    "avez saisi reste ici.",
        "login.title": "Se connecter",
        "login.submit": "Je me connecte",
        "login.forgot": "Mot de passe oublié ?",
        "login.noaccount": "Pas encore de compte ?",
        "login.required": "Connectez-vous pour accéder à cette page.",
        "forgot.title": "Mot de passe oublié",
        "forgot.intro": "Indiquez l'adresse e-mail de votre compte : nous vous enverrons un lien pour "
                        "choisir un nouveau mot de passe.",
        "forgot.submit": "Envoyer le lien",
        "forgot.sent": "Si un compte existe pour cette adresse, un e-mail vient d'être envoyé avec un lien "
                       "valable 24 heures.",
        "reset.title": "Choisir un nouveau mot de passe",
        "reset.submit": "Enregistrer le mot de passe",
        "reset.invalid": "Ce lien de réinitialisation n'est plus valable : il a expiré ou a déjà servi.",
        "reset.again": "Demander un nouveau lien",
        "reset.done": "Votre mot de passe a été changé ; connectez-vous avec le nouveau.",
    },
    "en": {
        "signup.title": "Create an account",
        "signup.submit": "Sign up",
        "signup.robot.working": "Robot check in progress (a few seconds)…",
        "signup.robot.unsupported": "Your browser cannot do the robot check on this address: open Pix over https.",
        "signup.haveaccount": "Already have an account?",
        "field.acceptTerms.before": "I accept the ",
        "field.acceptTerms.link": "Pix terms of use",
        "field.acceptTerms.newTab": "The terms of use open in a new tab; what you have typed stays here.",
        "login.title": "Sign in",
        "login.submit": "Sign in",
        "login.forgot": "Forgot your password?",
        "login.noaccount": "No account yet?",
        "login.required": "Sign in to reach this page.",
        "forgot.title": "Forgot your password",
        "forgot.intro": "Enter your account's email address: we will send you a link to choose a new password.",
        "forgot.submit": "Send the link",
        "forgot.sent": "If an account exists for this address, an email has just been sent with a link "
                       "valid for 24 hours.",
        "reset.title": "Choose a new password",
        "reset.submit": "Save the password",
        "reset.invalid": "This reset link is no longer valid: it has expired or was already used.",
        "reset.again": "Ask for a new link",
        "reset.done": "Your password has been changed; sign in with the new one.",
    },
}
