"""Reading Hugging Face hub-stats dumps (the cfahlgren1/hub-stats parquet schema) in chunks.

A full dump holds ~2.5 million model repos; it is never read whole. `hub_batches` scans a parquet file (or a folder
of them) with a pyarrow dataset, batch by batch and only the columns the hub analysis needs, and turns each batch
into the flat `REPOS` schema below: the lineage from the Hub's resolved `baseModels` (or, when the Hub resolved
none, from the model card's `base_model`), the licence tag, and the tags as one lowercase text for the sector rules.
The build stage feeds the rows of the build's `hf_models` table through the same `normalise_batch`.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from avsi.exceptions import SchemaDriftError, SourceFileMissing, SourceFormatError

# The columns of the hub-stats schema the analysis reads (a dump has more: safetensors, gguf, createdAt ...).
NEEDED = ("id", "author", "downloads", "likes", "tags", "cardData", "baseModels", "pipeline_tag", "library_name")
OPTIONAL = ("author", "likes", "cardData", "pipeline_tag", "library_name")

# The Hub's relation words -> avsi's edge kinds.
KINDS = {"finetune": "fine-tune", "adapter": "adapter", "quantized": "quantisation", "merge": "merge"}
KIND_NAMES = ("fine-tune", "adapter", "quantisation", "merge")

REPOS = pa.schema([
    pa.field("ordinal", pa.int64(), nullable=False),  # the row's position in the input (a repo's number)
    pa.field("repo", pa.string(), nullable=False),  # the repo id as the dump writes it, author/name
    pa.field("key", pa.string(), nullable=False),  # the id in lowercase (ids match case-insensitively)
    pa.field("namespace", pa.string()),  # the author (or the part of the id before the slash)
    pa.field("kind", pa.string()),  # fine-tune | adapter | quantisation | merge; null for a repo without a base
    pa.field("base_models", pa.list_(pa.string())),  # the repos it is built on, as written
    pa.field("lineage_origin", pa.string()),  # 'hub' (resolved baseModels) | 'card' (card base_model only)
    pa.field("downloads", pa.int64()),
    pa.field("likes", pa.int64()),
    pa.field("pipeline_tag", pa.string()),
    pa.field("library_name", pa.string()),
    pa.field("licence", pa.string()),  # the license:… tag
    pa.field("tag_text", pa.string()),  # the tags, lowercase, "-" for spaces, space separated, no base_model:/arxiv:…
])  # fmt: skip

# Tags that say nothing about a repo's use (and would make the sector rules match the parent's name), left out of
# the tag text: by prefix, and the file-format, library and serving tags almost every repo carries.
_SKIP_PREFIXES = ("arxiv:", "region:", "deploy:", "doi:")  # and base_model:, license:
_SKIP_TAGS = pa.array([
    "transformers", "safetensors", "pytorch", "text-generation", "endpoints_compatible", "text-generation-inference",
    "conversational", "autotrain_compatible", "model-index", "custom_code", "tensorboard", "jax", "tf", "onnx",
    "eval-results", "generated_from_trainer",
])  # fmt: skip
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_QUANTISED_NAME = re.compile(r"(?i)(gguf|gptq|awq|exl2|bnb|[48]bit|[48]-bit|mlx|int[48]|fp8|q[2-8]_k)")


def _dataset(path: Path) -> ds.Dataset:
    if not path.exists():
        raise SourceFileMissing(path, "hub-stats parquet not found")
    try:
        dataset = ds.dataset(str(path), format="parquet")
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceFormatError(path, f"not a readable parquet file or folder: {exc}") from exc
    names = set(dataset.schema.names)
    missing = [c for c in NEEDED if c not in names and c not in OPTIONAL]
    if missing:
        raise SchemaDriftError(path, f"missing hub-stats columns: {', '.join(missing)}")
    return dataset


def count_rows(path: Path) -> int:
    """Rows of a hub-stats parquet file or folder (from the file footers, without reading the data)."""
    return int(_dataset(path).count_rows())


def hub_batches(path: Path | str, batch_size: int = 65_536, workers: int = 2) -> Iterator[pa.RecordBatch]:
    """The repos of a hub-stats parquet file or folder as `REPOS` batches, read chunk by chunk.

    Batches are normalised by `workers` threads (pyarrow releases the GIL) while the next ones are read; at most
    2 × workers batches are in flight, so memory stays bounded whatever the size of the dump. A missing file or
    column is an error when this is called, not when the first batch is asked for."""
    path = Path(path)
    return _batches(path, _dataset(path), batch_size, workers)


def _batches(path: Path, dataset: ds.Dataset, batch_size: int, workers: int) -> Iterator[pa.RecordBatch]:
    columns = [c for c in NEEDED if c in dataset.schema.names]
    scanned = dataset.to_batches(columns=columns, batch_size=batch_size)
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="avsi-hub-load") as pool:
            pending: deque[Future[pa.RecordBatch]] = deque()
            first = 0
            for batch in scanned:
                if batch.num_rows:
                    pending.append(pool.submit(normalise_batch, batch, first))
                    first += batch.num_rows
                if len(pending) >= 2 * max(1, workers):
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    except pa.ArrowInvalid as exc:
        raise SourceFormatError(path, f"cannot read the parquet data: {exc}") from exc


def hub_reader(path: Path | str, batch_size: int = 65_536, workers: int = 2) -> pa.RecordBatchReader:
    """`hub_batches` as a record batch reader (what the engines ingest as a stream)."""
    return pa.RecordBatchReader.from_batches(REPOS, hub_batches(path, batch_size, workers))


def _column(batch: pa.RecordBatch, name: str, type_: pa.DataType) -> pa.Array:
    if name in batch.schema.names:
        return batch.column(name).cast(type_)
    return pa.nulls(batch.num_rows, type_)


def _list_of_ids(models: pa.Array, missing: pa.Array) -> pa.Array:
    """baseModels.models (a list of {_id, id} structs, or already a list of ids) as a list of id strings, null
    where `missing` (the struct itself is null)."""
    mask = pc.or_(missing, models.is_null())
    if pa.types.is_list(models.type) and pa.types.is_struct(models.type.value_type):
        flat = pc.list_flatten(models)
        ids = pc.struct_field(flat, "id") if len(flat) else pa.array([], pa.string())
    else:
        flat = pc.list_flatten(models)
        ids = flat
    offsets = pc.subtract(models.offsets, models.offsets[0])  # a fresh array: the batch may be a slice
    return pa.ListArray.from_arrays(offsets, ids.cast(pa.string()), mask=mask)


def _tags_text_and_licence(tags: pa.Array) -> tuple[pa.Array, pa.Array]:
    """The tags as one lowercase text (informative tags only) and the first license:… tag of each repo.

    Lowercasing is ASCII-only (what the sector rules read); the base_model:… tags, most of a merge's, go first."""
    n = len(tags)
    flat = pc.list_flatten(tags).cast(pa.string())
    parents = pc.list_parent_indices(tags).to_numpy(zero_copy_only=False)
    not_base = pc.invert(pc.fill_null(pc.starts_with(flat, "base_model:"), True)).to_numpy(zero_copy_only=False)
    rest = pc.ascii_lower(flat.filter(pa.array(not_base)))
    rest_parents = parents[not_base]
    is_licence = pc.starts_with(rest, "license:").to_numpy(zero_copy_only=False)
    # The first licence tag of each repo: positions of licence tags, first one per parent row.
    positions = np.flatnonzero(is_licence)
    rows, first = np.unique(rest_parents[positions], return_index=True)
    slot = np.full(n, -1, dtype=np.int64)
    slot[rows] = positions[first]
    licences = pc.utf8_slice_codeunits(pc.take(rest, pa.array(slot, mask=slot < 0)), 8)
    skip = pc.is_in(rest, value_set=_SKIP_TAGS).to_numpy(zero_copy_only=False) | is_licence
    for prefix in _SKIP_PREFIXES:
        skip |= pc.starts_with(rest, prefix).to_numpy(zero_copy_only=False)
    keep = ~skip
    kept = pc.replace_substring(rest.filter(pa.array(keep)), " ", "-")  # one word per tag: "science-fiction"
    counts = np.bincount(rest_parents[keep], minlength=n)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    text = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), kept), " ")
    return pc.fill_null(text, ""), licences


def _card_lineage(card: str | None) -> tuple[list[str], str | None]:
    """The base models and relation a model card's front matter names (repo-id-like strings only)."""
    if not card or "base_model" not in card:
        return [], None
    try:
        data: Any = json.loads(card)
    except ValueError:
        return [], None
    if not isinstance(data, dict):
        return [], None
    base = data.get("base_model")
    names = [base] if isinstance(base, str) else base if isinstance(base, list) else []
    ids = list(dict.fromkeys(s.strip() for s in names if isinstance(s, str) and _REPO_ID.match(s.strip())))
    relation = data.get("base_model_relation")
    return ids, relation if isinstance(relation, str) else None


def infer_kind(relation: str | None, n_bases: int, repo: str, tag_text: str, library: str | None) -> str:
    """The edge kind of a repo whose relation is not given, as the Hub infers it: several bases make a merge; GGUF,
    GPTQ, AWQ … files or names a quantisation; a PEFT library or LoRA tag an adapter; anything else a fine-tune."""
    if relation in KINDS:
        return KINDS[relation]
    if n_bases > 1:
        return "merge"
    if library == "gguf" or " gguf " in f" {tag_text} " or _QUANTISED_NAME.search(repo):
        return "quantisation"
    if library == "peft" or re.search(r"\b(lora|qlora|peft|adapter)\b", tag_text):
        return "adapter"
    return "fine-tune"


def normalise_batch(batch: pa.RecordBatch, first: int = 0) -> pa.RecordBatch:
    """One batch of hub-stats rows (or of rows in the same shape) as a `REPOS` batch; `first` is the position of
    its first row in the input."""
    n = batch.num_rows
    repo = pc.fill_null(batch.column("id").cast(pa.string()), "")
    namespace = _column(batch, "author", pa.string())
    if namespace.null_count:
        split = pc.split_pattern(repo, "/", max_splits=1)
        before_slash = pc.if_else(pc.greater(pc.list_value_length(split), 1), pc.list_element(split, 0), "")
        namespace = pc.coalesce(namespace, before_slash)
    tag_text, licence = _tags_text_and_licence(_column(batch, "tags", pa.list_(pa.string())))
    library = _column(batch, "library_name", pa.string())

    base_struct = batch.column("baseModels") if "baseModels" in batch.schema.names else None
    if base_struct is not None and pa.types.is_struct(base_struct.type):
        # A null struct may leave its fields set in some writers: the struct's own validity decides.
        relation = pc.struct_field(base_struct, "relation")
        bases = _list_of_ids(pc.struct_field(base_struct, "models"), base_struct.is_null())
        if base_struct.null_count:
            relation = pc.if_else(pc.is_null(base_struct), pa.scalar(None, pa.string()), relation)
    else:
        relation = pa.nulls(n, pa.string())
        bases = pa.nulls(n, pa.list_(pa.string()))
    relation = relation.cast(pa.string())
    has_base = pc.greater(pc.fill_null(pc.list_value_length(bases), 0), 0)
    origin = pc.if_else(has_base, pa.scalar("hub"), pa.scalar(None, pa.string()))

    # Rows without a resolved base whose card names one: parsed one by one (a small share of a dump).
    card = _column(batch, "cardData", pa.string())
    maybe_card = pc.and_(pc.invert(has_base), pc.fill_null(pc.match_substring(card, "base_model"), False))
    rows = np.flatnonzero(maybe_card.to_numpy(zero_copy_only=False)).tolist()
    card_bases: list[list[str] | None] = [None] * n
    if rows:
        card_relations: list[str | None] = [None] * n
        for i in rows:
            card_bases[i], card_relations[i] = _card_lineage(card[i].as_py())
            card_bases[i] = card_bases[i] or None
        from_card = pa.array([b is not None for b in card_bases])
        bases = pc.if_else(from_card, pa.array(card_bases, pa.list_(pa.string())), bases)
        relation = pc.if_else(from_card, pa.array(card_relations, pa.string()), relation)
        origin = pc.if_else(from_card, pa.scalar("card"), origin)
        has_base = pc.or_(has_base, from_card)

    # The Hub's relation word gives the kind; a repo with bases but no (known) relation gets the inferred one.
    known = pc.index_in(relation, value_set=pa.array(list(KINDS)))
    kind = pc.take(pa.array(list(KINDS.values())), known)
    kind = pc.if_else(has_base, kind, pa.scalar(None, pa.string()))
    to_infer = pc.and_(has_base, pc.is_null(kind)).to_numpy(zero_copy_only=False)
    if to_infer.any():
        kinds = kind.to_pylist()
        for i in np.flatnonzero(to_infer).tolist():
            n_bases = len(card_bases[i] or bases[i].as_py() or [])
            kinds[i] = infer_kind(None, n_bases, repo[i].as_py(), tag_text[i].as_py(), library[i].as_py())
        kind = pa.array(kinds, pa.string())
    return pa.RecordBatch.from_arrays(
        [
            pa.array(np.arange(first, first + n, dtype=np.int64)),
            repo,
            pc.ascii_lower(repo),
            namespace,
            kind,
            bases,
            origin,
            pc.fill_null(_column(batch, "downloads", pa.int64()), 0),
            pc.fill_null(_column(batch, "likes", pa.int64()), 0),
            _column(batch, "pipeline_tag", pa.string()),
            library,
            licence,
            tag_text,
        ],
        schema=REPOS,
    )
