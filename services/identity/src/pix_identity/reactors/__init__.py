"""Identity's subscriptions with side effects, never replayed: the mailer (mailer.py) sends
the password-reset mail asked by PasswordResetRequested."""
