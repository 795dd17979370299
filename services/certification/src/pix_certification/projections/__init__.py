"""Certification's read models, fed by bootstrap's subscriptions (idempotent upserts).
`pix replay` rebuilds them, so they never publish anything: so far `profiles`, the copy of
each person's levels that eligibility reads (the people copy a session's lists need comes next)."""
