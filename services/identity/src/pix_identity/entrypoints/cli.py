"""Operators' commands for identity: `pix-identity create-admin`.

Creates the first super admin (or gives the role to an existing account). With no
--password, a strong one is generated and printed once: it is nowhere else.
"""
from __future__ import annotations

import argparse
import secrets
import string
import sys

from pixkit.events import Meta

from .. import config
from ..bootstrap import bootstrap
from ..domain.admin import CreateAdmin
from ..domain.registration import password_is_strong


def generated_password() -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(20))
        if password_is_strong(candidate):
            return candidate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pix-identity", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="create the first super admin (SUPER_ADMIN)")
    create.add_argument("--email", required=True)
    create.add_argument("--first-name", default="Admin")
    create.add_argument("--last-name", default="Pix")
    create.add_argument("--password", help="default: generated and printed")
    args = parser.parse_args(argv)

    password = args.password or generated_password()
    if not password_is_strong(password):
        print("Le mot de passe doit contenir au moins 8 caractères, dont une majuscule, une minuscule et un chiffre.",
              file=sys.stderr)
        return 2
    container = bootstrap(config.load_settings())
    user_id, created = container.execute(CreateAdmin(args.email, args.first_name, args.last_name, password),
                                         Meta(actor="operator"))
    if created:
        print(f"Super admin créé : {args.email} / {password} (id {user_id})")
    else:
        print(f"Le compte {args.email} existant a maintenant le rôle SUPER_ADMIN (id {user_id}) ; "
              "son mot de passe n'a pas changé.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
