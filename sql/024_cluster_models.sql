-- Several app hosts on one (Galera) database. A model file is written on the host that
-- trained; the other hosts fetch it from here: its bytes in model_chunks (512 KiB each,
-- under any max_allowed_packet) with its SHA-256 and size on model_versions, written in
-- the transaction that records the version, so a recorded version can always be
-- fetched whole. generation.model_version is the newest version, read with the cache
-- generation on every request at no extra statement, so each host sees a retrain at
-- its next request. cluster_leases: named leases with a holder and an expiry — the
-- one-build-at-a-time lock across hosts (GET_LOCK is per server: Galera does not
-- replicate it).
ALTER TABLE model_versions
    ADD COLUMN sha256 CHAR(64) CHARACTER SET ascii NULL,
    ADD COLUMN bytes  BIGINT UNSIGNED NULL;
CREATE TABLE model_chunks (
    version BIGINT UNSIGNED NOT NULL,
    seq     INT UNSIGNED NOT NULL,
    chunk   MEDIUMBLOB NOT NULL,
    PRIMARY KEY (version, seq),
    CONSTRAINT model_chunks_version_fk FOREIGN KEY (version) REFERENCES model_versions (version)
        ON DELETE CASCADE
) ENGINE=InnoDB;
CREATE TABLE cluster_leases (
    name       VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
    holder     VARCHAR(190) NOT NULL,
    expires_at DATETIME(3) NOT NULL
) ENGINE=InnoDB;
ALTER TABLE generation ADD COLUMN model_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
UPDATE generation SET model_version = (SELECT COALESCE(MAX(version), 0) FROM model_versions)
    WHERE id = 1;
