"""The framework and the challenge bank, as versioned data (docs/domain.md §2, docs/content.md).

`load_bank()` reads `bank/*.yaml` once and returns an immutable `Bank`; see FORMAT.md.
"""
from .loader import BANK_VERSION, ContentError, load_bank
from .model import Area, Bank, Challenge, Competence, Field, Skill, Tube

__all__ = ["Area", "Bank", "BANK_VERSION", "Challenge", "Competence", "ContentError", "Field", "Skill", "Tube",
           "load_bank"]
