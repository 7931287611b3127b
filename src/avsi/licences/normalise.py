"""Map any licence string a source gives to a knowledge-base id, or report it unknown: never a guess.

The checks, in order, on the string trimmed, case-folded and with its inner spaces collapsed:

1. `hub-tag`: a Hub licence tag or `license_name` (`llama3.1`, `gemma`, `tongyi-qianwen`), when the string comes from
   the Hugging Face Hub (`source` is `hf` or `open_llm_leaderboard`) or carries the `license:` prefix;
2. `alias`: a licence's id, name or explicit alias (`apache-2.0`, `Apache 2.0`, `Llama 3.1 Community`, `Propretary`);
3. `unknown` with the file's reason: a string listed under `unmapped` (`other`, `Non-commercial`, `Llama` ...);
4. `hub-tag`: a Hub tag seen in another source (`llama3.1` from LMArena or the Model Openness Tool);
5. `spdx-expression`: an SPDX id or expression parsed by `license-expression` (`Apache-2.0 AND MIT`, `GPL-3.0 OR MIT`);
6. `spdx-expression`: names joined by "and" / "or" that each map on their own (`Apache-2.0 and Community License for
   Baichuan2 Model`);
7. `unknown`, "not recognised": anything else. Empty strings and None are `unknown`, "empty".

A compound expression gets the id `expression:<expression of knowledge-base ids>` (e.g. `expression:Apache-2.0 AND
MIT`) and its flags are combined: AND takes the most restrictive value of its parts (every part's terms apply), OR the
least restrictive (the licensee may choose). A null part makes the result null unless another part already decides it.
A compound maps only when every part maps.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, Literal

import license_expression  # type: ignore[import-untyped]
from boolean import ParseError  # type: ignore[import-untyped]

from avsi.licences.kb import FLAG_NAMES, PERMISSIVE_FLAGS, KnowledgeBase, Licence, UnknownLicence, load_kb, match_key

Method = Literal["alias", "spdx-expression", "hub-tag", "unknown"]

HUB_SOURCES = frozenset({"hf", "open_llm_leaderboard"})
EXPRESSION_PREFIX = "expression:"
_HUB_PREFIX = "license:"
_SPLIT = re.compile(r"\s+(and|or)\s+", re.IGNORECASE)
_PARSE_ERRORS = (license_expression.ExpressionError, ParseError, AttributeError, TypeError, ValueError)


@dataclass(frozen=True)
class LicenceMatch:
    """What a licence string maps to.

    `id` is a knowledge-base id, `expression:<...>` for a compound expression, or None when unknown; `reason` says
    why a string is unknown; `components` lists the knowledge-base ids an expression is made of.
    """

    text: str | None
    id: str | None
    method: Method
    expression: str | None = None
    components: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def mapped(self) -> bool:
        """Whether the string maps to a licence id."""
        return self.id is not None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        d = asdict(self)
        d["components"] = list(self.components)
        return d


@dataclass(frozen=True)
class FlagReading:
    """A flag's value for a licence or an expression, with its evidence and source URL (None for expressions)."""

    value: bool | None
    evidence: str
    source: str | None


@cache
def _spdx_licensing() -> license_expression.Licensing:
    return license_expression.get_spdx_licensing()


@cache
def _plain_licensing() -> license_expression.Licensing:
    return license_expression.Licensing()


def _unknown(text: str | None, reason: str) -> LicenceMatch:
    return LicenceMatch(text=text, id=None, method="unknown", reason=reason)


def _single(text: str, key: str, hub_first: bool, kb: KnowledgeBase) -> LicenceMatch | None:
    """Steps 1-4: a whole-string match, or an unknown for a listed string; None when nothing matched."""
    if hub_first and key in kb.by_hub_tag:
        return LicenceMatch(text=text, id=kb.by_hub_tag[key].id, method="hub-tag")
    if key in kb.by_alias:
        return LicenceMatch(text=text, id=kb.by_alias[key].id, method="alias")
    if key in kb.unmapped_reasons:
        return _unknown(text, kb.unmapped_reasons[key])
    if key in kb.by_hub_tag:
        return LicenceMatch(text=text, id=kb.by_hub_tag[key].id, method="hub-tag")
    return None


def _kb_id(key: str, kb: KnowledgeBase) -> str | None:
    """The knowledge-base id of an SPDX key (id match first, then alias)."""
    if key in kb:
        return kb.get(key).id
    lic = kb.by_alias.get(match_key(key))
    return lic.id if lic else None


def _expression(ids_and_ops: list[str]) -> str:
    """Render knowledge-base ids joined by AND / OR as a normalised licence expression."""
    return str(_plain_licensing().parse(" ".join(ids_and_ops)))


def _spdx(text: str, kb: KnowledgeBase) -> LicenceMatch | None:
    """Step 5: an SPDX id or expression; None when the string is not valid SPDX."""
    licensing = _spdx_licensing()
    try:
        info = licensing.validate(text)
    except _PARSE_ERRORS:
        return None
    if info.errors or not info.normalized_expression:
        return None
    parsed = licensing.parse(info.normalized_expression)
    keys = [s.key for s in licensing.license_symbols(parsed, unique=False)]
    mapping = {k: _kb_id(k, kb) for k in keys}
    missing = sorted({k for k, v in mapping.items() if v is None})
    if missing:
        return _unknown(text, f"valid SPDX, but not in the knowledge base: {', '.join(missing)}")
    if len(keys) == 1 and str(parsed) == keys[0]:
        return LicenceMatch(text=text, id=mapping[keys[0]], method="spdx-expression")
    rendered = str(parsed)
    for key, kb_id in mapping.items():  # SPDX spellings -> knowledge-base ids (they coincide for SPDX ids)
        if kb_id is not None and kb_id != key:
            rendered = re.sub(rf"(?<![\w.+-]){re.escape(key)}(?![\w.+-])", kb_id, rendered)
    expr = _expression([rendered])
    return LicenceMatch(text=text, id=EXPRESSION_PREFIX + expr, method="spdx-expression", expression=expr,
                        components=tuple(dict.fromkeys(v for v in mapping.values() if v is not None)))  # fmt: skip


def _resolve_part(text: str, hub_first: bool, kb: KnowledgeBase) -> LicenceMatch | None:
    key = match_key(text)
    return _single(text, key, hub_first, kb) or _spdx(text, kb)


def _compound(text: str, hub_first: bool, kb: KnowledgeBase) -> LicenceMatch | None:
    """Step 6: names joined by and / or, each of which maps on its own."""
    pieces = _SPLIT.split(text)
    if len(pieces) < 3:
        return None
    parts, ops = pieces[0::2], [op.upper() for op in pieces[1::2]]
    ids: list[str] = []
    unresolved: list[str] = []
    for part in parts:
        m = _resolve_part(part.strip(), hub_first, kb)
        if m is None or m.id is None:
            unresolved.append(part.strip())
        elif m.expression:
            ids.append(f"({m.expression})")
        else:
            ids.append(m.id)
    if unresolved:
        return _unknown(text, "not recognised; read as names joined by and/or, these parts map to no licence: "
                              + "; ".join(repr(p) for p in unresolved))  # fmt: skip
    tokens = [ids[0]]
    for op, lic in zip(ops, ids[1:], strict=True):
        tokens += [op, lic]
    expr = _expression(tokens)
    comps = [s.key for s in _plain_licensing().license_symbols(_plain_licensing().parse(expr))]
    return LicenceMatch(text=text, id=EXPRESSION_PREFIX + expr, method="spdx-expression", expression=expr,
                        components=tuple(comps))  # fmt: skip


def normalise(text: str | None, source: str | None = None, kb: KnowledgeBase | None = None) -> LicenceMatch:
    """Map a licence string from `source` (a source name such as `hf` or `lmarena`) to a knowledge-base id."""
    if text is None or not text.strip():
        return _unknown(text, "empty")
    kb = kb if kb is not None else load_kb()
    stripped = " ".join(text.split())
    hub_first = source in HUB_SOURCES
    if stripped.casefold().startswith(_HUB_PREFIX):
        stripped, hub_first = stripped[len(_HUB_PREFIX) :].strip(), True
        if not stripped:
            return _unknown(text, "empty")
    key = match_key(stripped)
    found = _single(stripped, key, hub_first, kb)
    if found is None:
        spdx = _spdx(stripped, kb)
        compound = None if spdx is not None and spdx.mapped else _compound(stripped, hub_first, kb)
        found = compound if compound is not None and (compound.mapped or spdx is None) else spdx
    if found is None:
        return _unknown(text, "not recognised")
    return LicenceMatch(text=text, id=found.id, method=found.method, expression=found.expression,
                        components=found.components, reason=found.reason)  # fmt: skip


# Flags of a licence or an expression -------------------------------------------------------------------------------


def _and(values: list[bool | None], permissive: bool) -> bool | None:
    """Most restrictive reading: every part's terms apply."""
    decisive = not permissive  # a restriction anywhere decides; for a freedom, a denial anywhere decides
    if decisive in values:
        return decisive
    return None if None in values else not decisive


def _or(values: list[bool | None], permissive: bool) -> bool | None:
    """Least restrictive reading: the licensee chooses the part."""
    return _and(values, not permissive)


def _evaluate(node: Any, flag: str, kb: KnowledgeBase) -> bool | None:
    if isinstance(node, license_expression.LicenseSymbol):
        value: bool | None = getattr(kb.get(node.key).flags, flag).value
        return value
    values = [_evaluate(arg, flag, kb) for arg in node.args]
    permissive = flag in PERMISSIVE_FLAGS
    return _and(values, permissive) if isinstance(node, license_expression.AND) else _or(values, permissive)


def _fmt(value: bool | None) -> str:
    return "null" if value is None else str(value).lower()


def expression_flags(expression: str, kb: KnowledgeBase | None = None) -> dict[str, FlagReading]:
    """Combined flags of an expression of knowledge-base ids: AND most restrictive, OR least restrictive."""
    kb = kb if kb is not None else load_kb()
    if expression.startswith(EXPRESSION_PREFIX):
        expression = expression[len(EXPRESSION_PREFIX) :]
    licensing = _plain_licensing()
    try:
        tree = licensing.parse(expression)
    except _PARSE_ERRORS as exc:
        raise UnknownLicence(f"not a licence expression: {expression!r} ({exc})") from None
    parts = [kb.get(s.key) for s in licensing.license_symbols(tree)]  # UnknownLicence for a part not in the base
    out = {}
    for flag in FLAG_NAMES:
        value = _evaluate(tree, flag, kb)
        detail = ", ".join(f"{p.id}: {_fmt(getattr(p.flags, flag).value)}" for p in parts)
        out[flag] = FlagReading(value, f"Combined from {expression} ({detail}); AND takes the most restrictive "
                                       "value, OR the least restrictive.", None)  # fmt: skip
    return out


def licence_flags(licence_id: str, kb: KnowledgeBase | None = None) -> dict[str, FlagReading]:
    """Flags of a knowledge-base id or of an `expression:` id; UnknownLicence when there is no such licence."""
    kb = kb if kb is not None else load_kb()
    if licence_id.startswith(EXPRESSION_PREFIX):
        return expression_flags(licence_id, kb)
    return {name: FlagReading(f.value, f.evidence, f.source) for name, f in kb.get(licence_id).flags.items()}


def _record(lic: Licence, kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "id": lic.id, "name": lic.name, "url": lic.url, "kind": str(lic.kind), "notes": lic.notes,
        "aliases": list(lic.aliases), "hub_tags": list(lic.hub_tags), "kb_version": kb.version,
        "flags": {name: asdict(r) for name, r in licence_flags(lic.id, kb).items()},
    }  # fmt: skip


def licence_record(query: str, source: str | None = None, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """Everything the knowledge base knows about a licence id, an expression id or any licence string, JSON-ready.

    A string that is not an id is normalised first; the record then says how it matched. UnknownLicence when it maps
    to nothing (the message gives the reason).
    """
    kb = kb if kb is not None else load_kb()
    if query in kb:
        return {**_record(kb.get(query), kb), "match": None}
    match = normalise(query, source, kb)
    if match.id is None:
        raise UnknownLicence(f"{query!r} maps to no licence in the knowledge base: {match.reason}")
    if match.expression is not None:
        return {
            "id": match.id, "name": match.expression, "url": None, "kind": "expression", "notes": None,
            "aliases": [], "hub_tags": [], "kb_version": kb.version, "components": list(match.components),
            "flags": {name: asdict(r) for name, r in expression_flags(match.expression, kb).items()},
            "match": match.to_dict(),
        }  # fmt: skip
    return {**_record(kb.get(match.id), kb), "match": match.to_dict()}
