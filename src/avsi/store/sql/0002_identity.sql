-- avsi schema, migration 2: one identity per model and per organisation across the sources.

CREATE TABLE organisation_registry (
    id      VARCHAR PRIMARY KEY,
    name    VARCHAR NOT NULL,
    country VARCHAR NOT NULL,      -- ISO 3166-1 alpha-2
    bloc    VARCHAR NOT NULL,      -- CN / US / EU / OTHER
    eu27    BOOLEAN NOT NULL,
    type    VARCHAR NOT NULL,      -- industry / academia / government / non-profit
    parent  VARCHAR
);

-- Canonical models: one row per model, whatever the number of sources naming it.
CREATE TABLE models (
    id                VARCHAR PRIMARY KEY,
    name              VARCHAR NOT NULL,
    organization      VARCHAR,          -- the organisations, as registered (or as given), joined with ' / '
    country           VARCHAR,          -- ISO codes of those organisations, joined with ' / '
    bloc              VARCHAR,          -- CN / US / EU / OTHER, by the rule in docs/identity.md
    blocs             VARCHAR[],        -- every bloc among the organisations
    eu27              BOOLEAN,          -- made (at least partly) in an EU-27 member state
    release_date      DATE,
    parameters        DOUBLE,
    active_parameters DOUBLE,
    open_weights      BOOLEAN,
    accessibility     VARCHAR,
    hf_repo           VARCHAR,
    origin_source     VARCHAR NOT NULL, -- the source whose entry created the canonical model
    origin_name       VARCHAR NOT NULL
);

CREATE TABLE model_organisations (
    model_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    name     VARCHAR NOT NULL,          -- as the source wrote it
    org_id   VARCHAR,                   -- registry id, or NULL when unregistered
    country  VARCHAR,
    bloc     VARCHAR,
    category VARCHAR,
    PRIMARY KEY (model_id, position)
);

-- Every distinct model name of every source, with what it resolves to (or NULL) and how.
CREATE TABLE model_aliases (
    source     VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    model_id   VARCHAR,
    method     VARCHAR NOT NULL,        -- origin / override / hf-link / exact-key / fuzzy / unmatched
    confidence DOUBLE NOT NULL,
    variant    VARCHAR,
    snapshot   VARCHAR,
    n_rows     BIGINT NOT NULL,
    PRIMARY KEY (source, name)
);
