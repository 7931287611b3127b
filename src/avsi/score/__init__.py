"""Scoring: the methodology file -> indicators with evidence -> 0..100 scores and axes -> aggregates, uncertainty."""

from avsi.score.methodology import AXES, DIMENSIONS, Methodology, default_methodology, load_methodology

__all__ = ["AXES", "DIMENSIONS", "Methodology", "default_methodology", "load_methodology"]
