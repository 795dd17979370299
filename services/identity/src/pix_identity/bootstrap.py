"""Identity's composition root: the one place where its parts are wired (docs/architecture.md §8)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from pixkit import revocations
from pixkit.auth import TokenVerifier
from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.kafka import make_producer
from pixkit.mail import mail_sink
from pixkit.people_relay import PeopleRelay
from pixkit.service_secrets import ServiceSecrets
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixkit.web.container import ServiceContainer

from . import config, handlers
from .adapters import passwords
from .adapters.accounts import AccountBook
from .adapters.login_guard import IpWindows, LoginAttempts
from .adapters.password_resets import ResetRequests
from .adapters.people import PeopleOutbox
from .adapters.refresh_tokens import RefreshTokens
from .adapters.robot_nonces import UsedNonces
from .adapters.signing import KeyRing
from .domain import admin, sessions
from .domain.events import AccessRevoked, PasswordResetRequested, UserAnonymized, UserRegistered
from .domain.password_reset import RequestPasswordReset, ResetPassword
from .domain.registration import RegisterUser
from .handlers import admin as admin_handlers
from .handlers import queries
from .handlers.revocations import Revoker
from .handlers.robot import ReadRobotPuzzle, RobotGate, read_robot_puzzle
from .reactors.mailer import send_reset_mail


@dataclass
class IdentityContainer(ServiceContainer):
    verifier: TokenVerifier | None = None  # identity checks its own access tokens too


def make_codec() -> EventCodec:
    codec = EventCodec()
    codec.register(UserRegistered, "UserRegistered", 1)
    codec.register(UserAnonymized, "UserAnonymized", 1)
    codec.register(PasswordResetRequested, "PasswordResetRequested", 1)
    codec.register(AccessRevoked, "AccessRevoked", 1)
    return codec


def reactors(settings: Settings, accounts: AccountBook, service_secrets: ServiceSecrets, env) -> list:
    """Side effects (mails): a replay must never run them again."""
    mailer = Subscription("mailer", [settings.topic(config.IDENTITY_EVENTS)])
    mailer.on("PasswordResetRequested", partial(send_reset_mail, accounts=accounts, secrets=service_secrets,
                                       sink=mail_sink(env), public_url=config.public_url(env)))
    return [mailer]


def people_relay(settings: Settings, db) -> PeopleRelay:
    """Publishes each person's current data (the people outbox) on the compacted topic."""
    return PeopleRelay(db, lambda: make_producer(settings), settings.topic(config.PEOPLE))


def bootstrap(settings: Settings, db=None, *, clock=None, new_id=None, hash_password=None,
              verify_password=None, env=None) -> IdentityContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    clock = clock or (lambda: datetime.now(UTC))
    codec = make_codec()
    store = EventStore(db, settings.service)
    accounts, people, tokens = AccountBook(db), PeopleOutbox(db), RefreshTokens(db)
    attempts, resets = LoginAttempts(db), ResetRequests(db)
    new_id = new_id or (lambda: str(uuid.uuid4()))
    hash_password = hash_password or passwords.hash_password
    keys = KeyRing(db, clock, env)
    service_secrets = ServiceSecrets(db, config.SERVICE, env)
    robot_gate = RobotGate(service_secrets, UsedNonces(db), config.robot_difficulty(env), clock)
    account_making = {"accounts": accounts, "store": store, "people": people, "codec": codec,
                      "hash_password": hash_password, "clock": clock, "new_id": new_id,
                      "reservation_ttl": config.RESERVATION_TTL}
    revoker = Revoker(store, codec, db[revocations.COLLECTION], clock)
    erasing = {"accounts": accounts, "people": people, "store": store, "codec": codec, "revoker": revoker,
               "clock": clock}
    handlers_by_command = {
        RegisterUser: partial(handlers.register_user, robot_gate=robot_gate, **account_making),
        sessions.Login: partial(handlers.login, accounts=accounts, attempts=attempts,
                                ip_windows=IpWindows(db, config.login_ip_limit(env)), tokens=tokens, keys=keys,
                                verify_password=verify_password or passwords.verify_password,
                                dummy_hash=passwords.DUMMY_HASH, clock=clock),
        sessions.Refresh: partial(handlers.refresh, accounts=accounts, tokens=tokens, keys=keys, revoker=revoker,
                                  clock=clock),
        sessions.Logout: partial(handlers.logout, tokens=tokens, revoker=revoker),
        sessions.Rename: partial(handlers.rename, accounts=accounts, people=people, clock=clock),
        sessions.DeleteAccount: partial(handlers.delete_account, **erasing),
        admin.SetRoles: partial(admin_handlers.set_roles, accounts=accounts, revoker=revoker, clock=clock),
        admin.AnonymizeUser: partial(admin_handlers.anonymize_user, **erasing),
        admin.ReadAccount: partial(admin_handlers.read_account, accounts=accounts),
        admin.FindAccount: partial(admin_handlers.find_account, accounts=accounts),
        admin.CreateAdmin: partial(admin_handlers.create_admin, **account_making),
        RequestPasswordReset: partial(handlers.request_password_reset, accounts=accounts, resets=resets,
                                      store=store, codec=codec, clock=clock, new_id=new_id),
        ResetPassword: partial(handlers.reset_password, accounts=accounts, resets=resets, attempts=attempts,
                               secrets=service_secrets, hash_password=hash_password, revoker=revoker, clock=clock),
        queries.ReadMe: partial(queries.read_me, accounts=accounts),
        queries.ReadJwks: partial(queries.read_jwks, keys=keys),
        ReadRobotPuzzle: partial(read_robot_puzzle, gate=robot_gate),
    }
    verifier = TokenVerifier(clock=clock, fetch=lambda: keys.jwks(reload=True))
    return IdentityContainer(settings=settings, db=db, codec=codec, store=store, handlers=handlers_by_command,
                             verifier=verifier, subscriptions=[revocations.subscription(settings, db)],
                             reactors=reactors(settings, accounts, service_secrets, env),
                             relays=[partial(people_relay, db=db)],
                             read_model_collections=[revocations.COLLECTION])
