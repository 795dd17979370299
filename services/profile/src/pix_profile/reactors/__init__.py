"""Profile's reactors: subscriptions with side effects, never run by `pix replay`.

profile_updates: what identity and assessment say becomes one ProfileUpdated on the
person's `profile-<user id>` stream (published by the worker's relay).
"""
