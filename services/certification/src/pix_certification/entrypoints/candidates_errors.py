"""The candidate list's errors (one by one, or imported from a spreadsheet) → HTTP statuses,
and their texts in French and English. An import's refusal lists every bad line in its
details (line, field, code): the page shows them all."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.candidates import (
    CandidateAlreadyListed,
    CandidateFileTooLarge,
    CandidateImportError,
    CandidateImportRejected,
    EmptyCandidateFile,
    InvalidCandidate,
    TooManyCandidateRows,
    UnreadableCandidateFile,
    UnsupportedCandidateFile,
)

ERRORS: ErrorTable = {
    InvalidCandidate: 422,
    CandidateAlreadyListed: 409,
    CandidateImportError: 422,
    CandidateImportRejected: 422,
    UnsupportedCandidateFile: 415,
    UnreadableCandidateFile: 422,
    CandidateFileTooLarge: 413,
    TooManyCandidateRows: 422,
    EmptyCandidateFile: 422,
}
MESSAGES: Catalog = {
    "INVALID_CANDIDATE": {"fr": "Certaines informations du candidat sont manquantes ou incorrectes.",
                          "en": "Some of the candidate's details are missing or wrong."},
    "CANDIDATE_ALREADY_LISTED": {"fr": "Ce candidat est déjà inscrit à la session.",
                                 "en": "This candidate is already on the session's list."},
    "CANDIDATE_IMPORT_FAILED": {"fr": "La liste des candidats n'a pas pu être importée.",
                                "en": "The list of candidates could not be imported."},
    "CANDIDATE_IMPORT_REJECTED": {
        "fr": "La liste n'a pas été importée : corrigez les lignes signalées et importez-la de nouveau.",
        "en": "The list was not imported: correct the lines shown and import it again."},
    "CANDIDATE_FILE_UNSUPPORTED": {"fr": "Importez un fichier .ods, .xlsx ou .csv.",
                                   "en": "Please import an .ods, .xlsx or .csv file."},
    "CANDIDATE_FILE_UNREADABLE": {"fr": "Ce fichier n'a pas pu être lu. Partez du modèle à télécharger.",
                                  "en": "This file could not be read. Start from the template to download."},
    "CANDIDATE_FILE_TOO_LARGE": {"fr": "Le fichier dépasse la taille acceptée ({limit} octets).",
                                 "en": "The file is larger than accepted ({limit} bytes)."},
    "CANDIDATE_FILE_TOO_MANY_ROWS": {"fr": "Une session accueille au plus {limit} candidats.",
                                     "en": "A session takes at most {limit} candidates."},
    "CANDIDATE_FILE_EMPTY": {"fr": "Le fichier ne contient aucun candidat.",
                             "en": "The file holds no candidate."},
}
