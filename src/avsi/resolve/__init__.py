"""Identity: one canonical model per model and one registered organisation per lab, across every source."""

from avsi.resolve.identity import build_identity
from avsi.resolve.names import ParsedName, parse
from avsi.resolve.query import get_model, list_models, resolution_report, resolve_batch, resolve_name
from avsi.resolve.registry import registry
from avsi.resolve.resolver import Match, Resolver

__all__ = [
    "Match",
    "ParsedName",
    "Resolver",
    "build_identity",
    "get_model",
    "list_models",
    "parse",
    "registry",
    "resolution_report",
    "resolve_batch",
    "resolve_name",
]
