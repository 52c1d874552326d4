"""Dossier services (CONVENTIONS §3): every write to a dossier goes through these."""

from .evaluation import dossier_reveal_identity, evaluation_submit, level_for, questions_on
from .reception import (
    Applicant,
    ComponentInput,
    applicant_from,
    dossier_receive,
    dossier_submit_online,
)
from .transitions import dossier_transition

__all__ = [
    "Applicant",
    "ComponentInput",
    "applicant_from",
    "dossier_receive",
    "dossier_reveal_identity",
    "dossier_submit_online",
    "dossier_transition",
    "evaluation_submit",
    "level_for",
    "questions_on",
]
