"""Profile's domain errors → HTTP statuses, the one table handed to create_base_app."""
from __future__ import annotations

from ..domain.errors import ProfileNotFound

ERRORS = {
    ProfileNotFound: 404,
}
