"""CORS for hug: a validated policy, a pure per-request decision, and explanations (no Falcon)."""

from __future__ import annotations

import logging
from typing import Final

from hug._text import quote
from hug.cors.compiled import WILDCARD
from hug.cors.decision import (
    ACTUAL,
    DISABLED,
    MAX_REQUEST_HEADERS_COUNT,
    MAX_REQUEST_HEADERS_LENGTH,
    NOT_CORS,
    PASS_THROUGH,
    PREFLIGHT,
    PREFLIGHT_VARY,
    Decision,
    HeaderSource,
    Kind,
    classify,
    decide,
    logger,
)
from hug.cors.explain import Explanation, explain
from hug.cors.origins import FORBIDDEN_METHODS, serialise_origin
from hug.cors.policy import MAX_AGE_LIMIT, CORSConfigurationError, CORSPolicy, route_policy

__all__ = [
    "ACTUAL",
    "DISABLED",
    "FORBIDDEN_METHODS",
    "MAX_AGE_LIMIT",
    "MAX_REQUEST_HEADERS_COUNT",
    "MAX_REQUEST_HEADERS_LENGTH",
    "NOT_CORS",
    "PASS_THROUGH",
    "PREFLIGHT",
    "PREFLIGHT_VARY",
    "REJECTION_LOG_LEVEL",
    "WILDCARD",
    "CORSConfigurationError",
    "CORSPolicy",
    "Decision",
    "Explanation",
    "HeaderSource",
    "Kind",
    "classify",
    "decide",
    "explain",
    "log_rejection",
    "logger",
    "quote",
    "route_policy",
    "serialise_origin",
]

REJECTION_LOG_LEVEL: Final = logging.WARNING
"""Level of the one line logged per refused CORS request: visible without any logging setup."""


def log_rejection(
    decision: Decision, method: str, path: str, *, level: int = REJECTION_LOG_LEVEL
) -> None:
    """Log one line naming every failed check of a refused decision; method and path sanitised."""
    if decision.allowed or not logger.isEnabledFor(level):
        return
    what = "preflight" if decision.kind is PREFLIGHT else "request"
    answer = f" (answered {decision.status})" if decision.status is not None else ""
    logger.log(
        level,
        "CORS %s refused%s: %s %s: %s",
        what,
        answer,
        quote(method, 24),
        quote(path),
        "; ".join(decision.reasons) or "no reason recorded",
        extra={"cors_reasons": decision.reasons, "cors_kind": decision.kind.value},
    )
