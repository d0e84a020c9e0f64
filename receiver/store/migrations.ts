/**
 * Schema versions, applied in order by PRAGMA user_version. Each entry is one change;
 * a shipped entry is never edited, only followed by a new one.
 */
export const RECEIVER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE devices (
     key_id TEXT PRIMARY KEY,
     alg TEXT NOT NULL CHECK (alg IN ('ed25519', 'sm2-sm3')),
     public_key TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     inspector_name TEXT NOT NULL,
     badge_no TEXT NOT NULL,
     unit TEXT NOT NULL,
     app_version TEXT NOT NULL,
     enrollment TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'revoked')),
     enrolled_at TEXT NOT NULL,
     decided_at TEXT
   ) STRICT;
   CREATE TABLE bundles (
     bundle_id TEXT PRIMARY KEY,
     device_key_id TEXT NOT NULL REFERENCES devices (key_id),
     sha256 TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     received_at TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('held', 'stored')),
     seq INTEGER UNIQUE,
     receipt TEXT,
     inspections INTEGER NOT NULL,
     evidence INTEGER NOT NULL,
     part_of TEXT,
     CHECK ((state = 'stored') = (seq IS NOT NULL AND receipt IS NOT NULL))
   ) STRICT;
   CREATE INDEX bundles_device_state ON bundles (device_key_id, state, received_at);
   CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
   INSERT INTO counters (name, value) VALUES ('seq', 0);
   CREATE TABLE nonces (
     key_id TEXT NOT NULL,
     nonce TEXT NOT NULL,
     created INTEGER NOT NULL,
     PRIMARY KEY (key_id, nonce)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX nonces_created ON nonces (created);`,
  // Desks: a device's role and district, each stored bundle's inspections (to route bundles
  // to the desks whose district they concern), and the review decisions desks post.
  `ALTER TABLE devices ADD COLUMN role TEXT NOT NULL DEFAULT 'inspector' CHECK (role IN ('inspector', 'district', 'city'));
   ALTER TABLE devices ADD COLUMN district TEXT;
   CREATE TABLE bundle_records (
     bundle_id TEXT NOT NULL REFERENCES bundles (bundle_id),
     inspection_id TEXT NOT NULL,
     revision INTEGER NOT NULL,
     revision_sha256 TEXT NOT NULL,
     agency_district TEXT NOT NULL,
     inspecting_unit TEXT,
     PRIMARY KEY (bundle_id, inspection_id)
   ) STRICT;
   CREATE INDEX bundle_records_revision ON bundle_records (inspection_id, revision);
   CREATE INDEX bundle_records_district ON bundle_records (agency_district, bundle_id);
   CREATE INDEX bundle_records_unit ON bundle_records (inspecting_unit, bundle_id);
   CREATE INDEX bundles_part_of ON bundles (part_of);
   CREATE TABLE reviews (
     review_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL UNIQUE,
     desk_key_id TEXT NOT NULL REFERENCES devices (key_id),
     inspection_id TEXT NOT NULL,
     revision INTEGER NOT NULL,
     revision_sha256 TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('accepted', 'returned')),
     sha256 TEXT NOT NULL,
     document TEXT NOT NULL,
     received_at TEXT NOT NULL
   ) STRICT;
   CREATE INDEX reviews_inspection ON reviews (inspection_id, seq);
   INSERT INTO counters (name, value) VALUES ('review_seq', 0);`,
];
