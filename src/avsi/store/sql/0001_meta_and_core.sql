-- avsi schema, migration 1: build records, quarantine, and the normalised core the later stages read.

CREATE TABLE build_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE sources (
    name        VARCHAR PRIMARY KEY,   -- contract name, e.g. 'epoch', 'litellm'
    title       VARCHAR NOT NULL,
    licence     VARCHAR NOT NULL,      -- SPDX id of the data licence
    attribution VARCHAR NOT NULL,      -- the citation the licence asks for
    url         VARCHAR,
    data_date   DATE                   -- date of the snapshot's data
);

CREATE TABLE build_inputs (
    source           VARCHAR NOT NULL,
    file             VARCHAR NOT NULL, -- path relative to the data folder
    sha256           VARCHAR NOT NULL,
    bytes            BIGINT NOT NULL,
    raw_table        VARCHAR NOT NULL,
    rows_read        BIGINT NOT NULL,
    rows_loaded      BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    PRIMARY KEY (file, raw_table),
    CHECK (rows_read = rows_loaded + rows_quarantined)
);

CREATE TABLE build_warnings (
    source  VARCHAR NOT NULL,
    file    VARCHAR,
    message VARCHAR NOT NULL
);

-- Every source row that failed a check: nothing is dropped silently.
CREATE TABLE quarantine (
    source      VARCHAR NOT NULL,
    file        VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    raw_table   VARCHAR NOT NULL,
    row_number  BIGINT NOT NULL,
    row_key     VARCHAR,
    field       VARCHAR NOT NULL,      -- the first field that failed
    reason      VARCHAR NOT NULL,      -- why, in words
    reasons     VARCHAR[] NOT NULL,    -- every check the row failed
    raw         JSON                   -- the row as read, as text
);

-- Normalised core ---------------------------------------------------------------------------------

-- Model releases as each source gives them (identity across sources is resolved later, not here).
CREATE TABLE model_releases (
    source                VARCHAR NOT NULL,
    source_id             VARCHAR NOT NULL, -- the source's own name or id for the release
    name                  VARCHAR NOT NULL,
    organization          VARCHAR,          -- as given by the source
    country               VARCHAR,          -- as given by the source
    release_date          DATE,
    parameters            DOUBLE,
    active_parameters     DOUBLE,
    open_weights          BOOLEAN,
    accessibility         VARCHAR,          -- the source's own access class, verbatim
    licence               VARCHAR,          -- the licence string as given
    training_compute_flop DOUBLE,
    training_cost_usd     DOUBLE,
    hf_repo               VARCHAR,
    _file                 VARCHAR NOT NULL,
    _row                  BIGINT NOT NULL,
    PRIMARY KEY (source, source_id)
);

CREATE TABLE organisations (
    source  VARCHAR NOT NULL,
    name    VARCHAR NOT NULL,   -- as written by the source
    country VARCHAR,            -- as given by the source (may list several, comma-separated)
    n_models BIGINT NOT NULL
);

-- Prices per provider, all in USD per 1M tokens whatever the source's unit.
CREATE TABLE prices (
    source                   VARCHAR NOT NULL,
    provider                 VARCHAR,
    model                    VARCHAR NOT NULL,
    tier                     VARCHAR,
    input_usd_per_mtok       DOUBLE CHECK (input_usd_per_mtok >= 0),
    output_usd_per_mtok      DOUBLE CHECK (output_usd_per_mtok >= 0),
    cache_read_usd_per_mtok  DOUBLE CHECK (cache_read_usd_per_mtok >= 0),
    valid_from               DATE,
    snapshot                 VARCHAR,      -- which snapshot of the price list (e.g. LiteLLM version)
    _file                    VARCHAR NOT NULL,
    _row                     BIGINT NOT NULL
);

CREATE TABLE capability_scores (
    source      VARCHAR NOT NULL,
    model       VARCHAR NOT NULL,
    benchmark   VARCHAR NOT NULL,
    score       DOUBLE NOT NULL,
    measured_on DATE,
    _file       VARCHAR NOT NULL,
    _row        BIGINT NOT NULL
);

-- Openness judgements of expert indices: one row per system and dimension.
CREATE TABLE openness_judgements (
    source       VARCHAR NOT NULL,
    system       VARCHAR NOT NULL,
    organization VARCHAR,
    dimension    VARCHAR NOT NULL,
    judgement    VARCHAR,          -- open / partial / closed, or the licence a component is released under
    evidence     VARCHAR,
    _file        VARCHAR NOT NULL,
    _row         BIGINT NOT NULL
);

CREATE TABLE lineage_edges (
    source   VARCHAR NOT NULL,
    child    VARCHAR NOT NULL,
    parent   VARCHAR NOT NULL,
    relation VARCHAR,              -- finetune, adapter, quantized, merge, or NULL when the source does not say
    _file    VARCHAR NOT NULL,
    _row     BIGINT NOT NULL
);

CREATE TABLE compute_clusters (
    name              VARCHAR NOT NULL,
    owner             VARCHAR,
    country           VARCHAR,
    sector            VARCHAR,
    status            VARCHAR,
    first_operational DATE,
    h100_equivalents  DOUBLE,
    power_mw          DOUBLE,
    chip_type         VARCHAR,
    chip_quantity     DOUBLE,
    _file             VARCHAR NOT NULL,
    _row              BIGINT NOT NULL
);
