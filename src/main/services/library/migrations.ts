import type { Database } from 'better-sqlite3';

// Forward-only, numbered migrations. `PRAGMA user_version` records how far a library file has
// come; each step runs in one transaction, so a crash mid-migration leaves the previous version.
// Never edit a shipped step: add the next one.

export const MIGRATIONS: readonly string[] = [
  // 1: generations, images, full-text search.
  `
  -- seq aliases the rowid, so it survives VACUUM and can key the FTS table.
  CREATE TABLE generations (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt TEXT NOT NULL,
    size TEXT NOT NULL,
    n INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    parameters TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('sync', 'async')),
    provider_profile TEXT NOT NULL,
    base_url TEXT NOT NULL,
    task_id TEXT,
    progress INTEGER NOT NULL DEFAULT 0,
    result_items TEXT,
    revised_prompts TEXT NOT NULL DEFAULT '[]',
    usage TEXT,
    error_code TEXT,
    error_message TEXT,
    error_detail TEXT,
    submitted_at INTEGER,
    finished_at INTEGER,
    rerun_of TEXT REFERENCES generations(id) ON DELETE SET NULL
  );
  CREATE INDEX generations_created ON generations (created_at DESC, id DESC);
  CREATE INDEX generations_status ON generations (status);
  CREATE INDEX generations_rerun_of ON generations (rerun_of);

  CREATE TABLE images (
    id TEXT PRIMARY KEY,
    generation_id TEXT NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    path TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    thumb_path TEXT,
    is_favorite INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER,
    UNIQUE (generation_id, idx)
  );
  CREATE INDEX images_created ON images (created_at DESC, id DESC) WHERE deleted_at IS NULL;
  CREATE INDEX images_generation ON images (generation_id, idx);

  -- Trigram FTS finds Chinese substrings of three or more characters through the index; shorter
  -- queries fall back to LIKE on the same table (see library-repository.ts).
  CREATE VIRTUAL TABLE generations_fts USING fts5 (prompt, revised, tokenize = 'trigram');
  CREATE TRIGGER generations_fts_insert AFTER INSERT ON generations BEGIN
    INSERT INTO generations_fts (rowid, prompt, revised)
    VALUES (new.seq, new.prompt, (SELECT group_concat(value, char(10)) FROM json_each(new.revised_prompts)));
  END;
  CREATE TRIGGER generations_fts_update AFTER UPDATE OF prompt, revised_prompts ON generations BEGIN
    UPDATE generations_fts
    SET prompt = new.prompt, revised = (SELECT group_concat(value, char(10)) FROM json_each(new.revised_prompts))
    WHERE rowid = new.seq;
  END;
  CREATE TRIGGER generations_fts_delete AFTER DELETE ON generations BEGIN
    DELETE FROM generations_fts WHERE rowid = old.seq;
  END;
  `,
  // 2: settings and provider profiles (keys live in the host's secret store, never here).
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    base_url TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX images_favorite ON images (created_at DESC, id DESC) WHERE is_favorite = 1 AND deleted_at IS NULL;
  CREATE INDEX images_trash ON images (deleted_at DESC) WHERE deleted_at IS NOT NULL;
  `,
  // 3: a per-character index, so one- and two-character terms (花店, 猫) are found through an
  // index too. wan_chars() is registered on every connection by database.ts.
  `
  CREATE VIRTUAL TABLE generations_chars USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
  INSERT INTO generations_chars (rowid, text)
    SELECT seq, wan_chars(prompt || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(revised_prompts)), ''))
    FROM generations;
  CREATE TRIGGER generations_chars_insert AFTER INSERT ON generations BEGIN
    INSERT INTO generations_chars (rowid, text)
    VALUES (new.seq, wan_chars(new.prompt || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(new.revised_prompts)), '')));
  END;
  CREATE TRIGGER generations_chars_update AFTER UPDATE OF prompt, revised_prompts ON generations BEGIN
    DELETE FROM generations_chars WHERE rowid = old.seq;
    INSERT INTO generations_chars (rowid, text)
    VALUES (new.seq, wan_chars(new.prompt || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(new.revised_prompts)), '')));
  END;
  CREATE TRIGGER generations_chars_delete AFTER DELETE ON generations BEGIN
    DELETE FROM generations_chars WHERE rowid = old.seq;
  END;
  `,
  // 4: tags, exports (resumable, item by item), and an index to find an image by its content.
  `
  CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE image_tags (
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (image_id, tag_id)
  ) WITHOUT ROWID;
  CREATE INDEX image_tags_tag ON image_tags (tag_id, image_id);
  CREATE INDEX images_sha256 ON images (sha256);

  CREATE TABLE exports (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    destination TEXT NOT NULL,
    options TEXT NOT NULL,
    total INTEGER NOT NULL,
    error_code TEXT,
    error_message TEXT,
    error_detail TEXT,
    finished_at INTEGER,
    -- The process writing it now (the app and the CLI share a library): another must not join in.
    runner_pid INTEGER
  );
  CREATE INDEX exports_created ON exports (created_at DESC);
  -- One row per image to write. Names and conflicts are decided when the export is planned, so a
  -- resumed export writes the same names, and a file found at a fresh name (is_overwrite = 0) on
  -- resume can only be one this export put there, whole, before it was killed.
  CREATE TABLE export_items (
    export_id TEXT NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    image_id TEXT NOT NULL,
    planned_path TEXT NOT NULL,
    final_path TEXT,
    is_overwrite INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending',
    sha256 TEXT,
    bytes INTEGER,
    error TEXT,
    PRIMARY KEY (export_id, seq)
  ) WITHOUT ROWID;
  `,
  // 5: the job engine's shared state, so the app, browser mode and any number of CLI processes on
  // one library agree on who works on a job and how many upstream slots are taken.
  `
  -- The process working on a job ("<pid>:<token>") and when it last said it is alive.
  ALTER TABLE generations ADD COLUMN owner TEXT;
  ALTER TABLE generations ADD COLUMN owner_seen_at INTEGER;
  -- The upstream slot ledger: a task holds one of its provider's concurrent slots from its create
  -- until upstream says it ended (canceled or not), or until slot_until at the latest.
  ALTER TABLE generations ADD COLUMN slot_key TEXT;
  ALTER TABLE generations ADD COLUMN slot_until INTEGER;
  -- A create waiting its turn (no free slot, or throttled): why, its next try, and its deadline.
  ALTER TABLE generations ADD COLUMN wait_reason TEXT;
  ALTER TABLE generations ADD COLUMN next_try_at INTEGER;
  ALTER TABLE generations ADD COLUMN queue_deadline_at INTEGER;
  -- Canceled by the person while upstream still runs it: followed quietly, images to the trash.
  ALTER TABLE generations ADD COLUMN is_quiet INTEGER NOT NULL DEFAULT 0;
  -- Images upstream made and billed (usage where reported, else the results received).
  ALTER TABLE generations ADD COLUMN billed_images INTEGER;
  CREATE INDEX generations_slots ON generations (slot_key, slot_until) WHERE slot_until IS NOT NULL;
  `,
  // 6: provider kinds (issue 10).
  `
  -- 'openai' (an OpenAI-compatible gateway) or 'dashscope' (Alibaba's native API).
  ALTER TABLE profiles ADD COLUMN kind TEXT NOT NULL DEFAULT 'openai';
  -- DashScope only: 'beijing' or 'singapore'; NULL for a custom or workspace root in base_url.
  ALTER TABLE profiles ADD COLUMN region TEXT;
  -- Gateways only: how reference images are sent ('json' or 'multipart'), and the palette ('text' or 'structured').
  ALTER TABLE profiles ADD COLUMN edit_style TEXT NOT NULL DEFAULT 'json';
  ALTER TABLE profiles ADD COLUMN palette_style TEXT NOT NULL DEFAULT 'text';
  `,
  // 7: reference images and saved palettes (issue 10). Inputs are content-addressed: one file
  // (inputs/<2 hex>/<sha256>.<ext>) however many generations use it.
  `
  CREATE TABLE inputs (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    -- What preparation did to make the file acceptable (re-encoded, scaled, flattened), or NULL.
    note TEXT,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE generation_inputs (
    generation_id TEXT NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES inputs(sha256),
    boxes TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (generation_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX generation_inputs_sha ON generation_inputs (sha256);
  CREATE TABLE palettes (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    entries TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
  // 8: both search indexes store folded text (NFKC and lower case: wan_fold(), registered by
  // database.ts), so full-width and half-width spellings, and upper and lower case, find each other.
  `
  DROP TRIGGER generations_fts_insert;
  DROP TRIGGER generations_fts_update;
  DROP TRIGGER generations_chars_insert;
  DROP TRIGGER generations_chars_update;
  DELETE FROM generations_fts;
  INSERT INTO generations_fts (rowid, prompt, revised)
    SELECT seq, wan_fold(prompt), wan_fold((SELECT group_concat(value, char(10)) FROM json_each(revised_prompts)))
    FROM generations;
  INSERT INTO generations_chars (generations_chars) VALUES ('delete-all');
  INSERT INTO generations_chars (rowid, text)
    SELECT seq, wan_chars(wan_fold(prompt || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(revised_prompts)), '')))
    FROM generations;
  CREATE TRIGGER generations_fts_insert AFTER INSERT ON generations BEGIN
    INSERT INTO generations_fts (rowid, prompt, revised)
    VALUES (new.seq, wan_fold(new.prompt), wan_fold((SELECT group_concat(value, char(10)) FROM json_each(new.revised_prompts))));
  END;
  CREATE TRIGGER generations_fts_update AFTER UPDATE OF prompt, revised_prompts ON generations BEGIN
    UPDATE generations_fts
    SET prompt = wan_fold(new.prompt), revised = wan_fold((SELECT group_concat(value, char(10)) FROM json_each(new.revised_prompts)))
    WHERE rowid = new.seq;
  END;
  CREATE TRIGGER generations_chars_insert AFTER INSERT ON generations BEGIN
    INSERT INTO generations_chars (rowid, text)
    VALUES (new.seq, wan_chars(wan_fold(new.prompt || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(new.revised_prompts)), ''))));
  END;
  CREATE TRIGGER generations_chars_update AFTER UPDATE OF prompt, revised_prompts ON generations BEGIN
    DELETE FROM generations_chars WHERE rowid = old.seq;
    INSERT INTO generations_chars (rowid, text)
    VALUES (new.seq, wan_chars(wan_fold(new.prompt || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(new.revised_prompts)), ''))));
  END;
  `,
  // 9: batches and the cost ledger (issue 12). A batch is a saved plan: its rows are validated
  // requests, each enqueued at most once as a generation carrying (batch_id, batch_row).
  `
  CREATE TABLE batches (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    name TEXT NOT NULL,
    -- What the plan was made from (kind, file name, template, seeds, combine), as JSON.
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'canceled', 'done')),
    total_rows INTEGER NOT NULL,
    -- The most images the plan can make (n per row; an image set may make fewer).
    total_images INTEGER NOT NULL,
    -- The estimate shown before it started (generations, images, cost, seconds), as JSON.
    estimate TEXT NOT NULL,
    -- Hard caps the person set; NULL: none. max_cost is in the estimate's currency.
    max_images INTEGER,
    max_cost REAL,
    provider_profile TEXT NOT NULL,
    base_url TEXT NOT NULL,
    -- The process running it ("<pid>:<token>") and when it last said so, as for jobs.
    owner TEXT,
    owner_seen_at INTEGER,
    finished_at INTEGER
  );
  CREATE INDEX batches_created ON batches (created_at DESC);
  CREATE TABLE batch_rows (
    batch_id TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    row_idx INTEGER NOT NULL,
    -- The validated generation request (seed drawn at planning), as JSON.
    request TEXT NOT NULL,
    -- The values of the plan's varying axes for this row (template choices, CSV cells), as JSON.
    vars TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (batch_id, row_idx)
  ) WITHOUT ROWID;
  ALTER TABLE generations ADD COLUMN batch_id TEXT;
  ALTER TABLE generations ADD COLUMN batch_row INTEGER;
  -- At most one generation per plan row, whichever process enqueues it: resume never duplicates.
  CREATE UNIQUE INDEX generations_batch_row ON generations (batch_id, batch_row) WHERE batch_id IS NOT NULL;

  -- Saved prompt templates ({a|b}, {name}) and lists (one value a line) that fill {name}.
  CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('template', 'list')),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );

  -- Prices the person set, per provider (its API root, which every generation records) and
  -- model; absent rows fall back to the built-in defaults (src/shared/batch/pricing.ts).
  CREATE TABLE prices (
    base_url TEXT NOT NULL,
    model TEXT NOT NULL,
    per_image REAL NOT NULL CHECK (per_image >= 0),
    currency TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (base_url, model)
  ) WITHOUT ROWID;
  `,
  // 10: `seed:42` in the search box (issue 11) finds a generation by its seed without a scan.
  `
  CREATE INDEX generations_seed ON generations (seed);
  `,
  // 11: the prompt library (issue 12). `prompts` is a summary of generations by exact prompt
  // text, kept by triggers in the transaction that inserts or deletes a generation, so the history
  // panel reads one small indexed table instead of grouping 100k generations. `presets` are style
  // presets (fragments, palette, options as JSON). Both live in the database, so backups carry them.
  `
  CREATE INDEX generations_prompt ON generations (prompt, created_at DESC);
  CREATE TABLE prompts (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE,
    folded TEXT NOT NULL,
    uses INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    last_generation_id TEXT NOT NULL
  );
  CREATE INDEX prompts_recent ON prompts (last_used_at DESC, id DESC);
  INSERT INTO prompts (text, folded, uses, last_used_at, last_generation_id)
    SELECT prompt, wan_fold(prompt), count(*), max(created_at), id
    FROM generations WHERE trim(prompt) <> '' GROUP BY prompt;
  CREATE TRIGGER prompts_generation_insert AFTER INSERT ON generations WHEN trim(new.prompt) <> '' BEGIN
    INSERT INTO prompts (text, folded, uses, last_used_at, last_generation_id)
    VALUES (new.prompt, wan_fold(new.prompt), 1, new.created_at, new.id)
    ON CONFLICT (text) DO UPDATE SET
      uses = uses + 1,
      last_generation_id = CASE WHEN excluded.last_used_at >= last_used_at THEN excluded.last_generation_id ELSE last_generation_id END,
      last_used_at = max(last_used_at, excluded.last_used_at);
  END;
  CREATE TRIGGER prompts_generation_delete AFTER DELETE ON generations WHEN trim(old.prompt) <> '' BEGIN
    UPDATE prompts SET uses = uses - 1 WHERE text = old.prompt;
    DELETE FROM prompts WHERE text = old.prompt AND uses <= 0;
    UPDATE prompts SET (last_generation_id, last_used_at) =
      (SELECT id, created_at FROM generations WHERE prompt = old.prompt ORDER BY created_at DESC LIMIT 1)
    WHERE text = old.prompt AND last_generation_id = old.id;
  END;

  CREATE TABLE presets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // 12: the usage ledger (issue 12): one narrow row per generation with what the ledger sums, kept by triggers, so the
  // Usage screen reads a small covering index instead of every wide generation row and counting
  // images per generation (bench/usage.bench.ts). "Possibly billed" is the rule in
  // ledger-repository.ts (a create cut off in flight), worked out as rows change.
  `
  CREATE TABLE usage_ledger (
    generation_id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    base_url TEXT NOT NULL,
    model TEXT NOT NULL,
    is_sent INTEGER NOT NULL,
    billed INTEGER NOT NULL,
    possibly INTEGER NOT NULL,
    images INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO usage_ledger
    SELECT id, created_at, base_url, model, submitted_at IS NOT NULL, coalesce(billed_images, 0),
      CASE WHEN billed_images IS NULL AND (status = 'interrupted' OR (status = 'failed'
      AND submitted_at IS NOT NULL AND task_id IS NULL AND result_items IS NULL
      AND error_code IN ('timeout', 'network', 'server', 'malformed_response'))) THEN n ELSE 0 END,
      (SELECT count(*) FROM images i WHERE i.generation_id = generations.id)
    FROM generations;
  CREATE INDEX usage_ledger_sent ON usage_ledger (created_at, base_url, model, billed, possibly, images)
    WHERE is_sent = 1;
  CREATE TRIGGER usage_ledger_insert AFTER INSERT ON generations BEGIN
    INSERT OR REPLACE INTO usage_ledger VALUES (new.id, new.created_at, new.base_url, new.model, new.submitted_at IS NOT NULL,
      coalesce(new.billed_images, 0), CASE WHEN new.billed_images IS NULL AND (new.status = 'interrupted' OR (new.status = 'failed'
      AND new.submitted_at IS NOT NULL AND new.task_id IS NULL AND new.result_items IS NULL
      AND new.error_code IN ('timeout', 'network', 'server', 'malformed_response'))) THEN new.n ELSE 0 END, 0);
  END;
  CREATE TRIGGER usage_ledger_update AFTER UPDATE OF created_at, base_url, model, n, status, submitted_at, task_id,
    result_items, error_code, billed_images ON generations BEGIN
    UPDATE usage_ledger SET created_at = new.created_at, base_url = new.base_url, model = new.model,
      is_sent = new.submitted_at IS NOT NULL, billed = coalesce(new.billed_images, 0),
      possibly = CASE WHEN new.billed_images IS NULL AND (new.status = 'interrupted' OR (new.status = 'failed'
      AND new.submitted_at IS NOT NULL AND new.task_id IS NULL AND new.result_items IS NULL
      AND new.error_code IN ('timeout', 'network', 'server', 'malformed_response'))) THEN new.n ELSE 0 END
    WHERE generation_id = new.id;
  END;
  CREATE TRIGGER usage_ledger_delete AFTER DELETE ON generations BEGIN
    DELETE FROM usage_ledger WHERE generation_id = old.id;
  END;
  CREATE TRIGGER usage_ledger_image_insert AFTER INSERT ON images BEGIN
    UPDATE usage_ledger SET images = images + 1 WHERE generation_id = new.generation_id;
  END;
  CREATE TRIGGER usage_ledger_image_delete AFTER DELETE ON images BEGIN
    UPDATE usage_ledger SET images = images - 1 WHERE generation_id = old.generation_id;
  END;
  `,
  // 13: a million images (issue 13). The gallery's counts of its unfiltered views (everything,
  // favourites, the trash) read every image row: 0.5-1 s on 2.5 M images, on the main process.
  // image_counts keeps them per (trash, favourite), kept by triggers in the transaction that
  // changes an image, so those counts are one small read. Other filters are counted on demand
  // and cached (gallery-repository.ts). Written to be safe to run again (tests that replay the last
  // step, a library restored from between versions): it recounts from the images.
  `
  CREATE TABLE IF NOT EXISTS image_counts (
    is_trash INTEGER NOT NULL,
    is_favorite INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (is_trash, is_favorite)
  ) WITHOUT ROWID;
  -- One pass over the images, and a row for every pair even when none has it yet.
  DELETE FROM image_counts;
  INSERT INTO image_counts (is_trash, is_favorite, n)
    SELECT t, f, sum(c) FROM (
      SELECT deleted_at IS NOT NULL AS t, is_favorite = 1 AS f, 1 AS c FROM images
      UNION ALL SELECT 0, 0, 0 UNION ALL SELECT 0, 1, 0 UNION ALL SELECT 1, 0, 0 UNION ALL SELECT 1, 1, 0)
    GROUP BY t, f;
  DROP TRIGGER IF EXISTS image_counts_insert;
  CREATE TRIGGER image_counts_insert AFTER INSERT ON images BEGIN
    UPDATE image_counts SET n = n + 1 WHERE is_trash = (new.deleted_at IS NOT NULL) AND is_favorite = (new.is_favorite = 1);
  END;
  DROP TRIGGER IF EXISTS image_counts_delete;
  CREATE TRIGGER image_counts_delete AFTER DELETE ON images BEGIN
    UPDATE image_counts SET n = n - 1 WHERE is_trash = (old.deleted_at IS NOT NULL) AND is_favorite = (old.is_favorite = 1);
  END;
  DROP TRIGGER IF EXISTS image_counts_update;
  CREATE TRIGGER image_counts_update AFTER UPDATE OF deleted_at, is_favorite ON images
    WHEN (old.deleted_at IS NOT NULL) != (new.deleted_at IS NOT NULL) OR (old.is_favorite = 1) != (new.is_favorite = 1) BEGIN
    UPDATE image_counts SET n = n - 1 WHERE is_trash = (old.deleted_at IS NOT NULL) AND is_favorite = (old.is_favorite = 1);
    UPDATE image_counts SET n = n + 1 WHERE is_trash = (new.deleted_at IS NOT NULL) AND is_favorite = (new.is_favorite = 1);
  END;
  -- The trash pages by (deleted_at, id): with deleted_at alone, a page sorted every image deleted
  -- at the same moment (emptying a folder) and more.
  DROP INDEX IF EXISTS images_trash;
  CREATE INDEX images_trash ON images (deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
  -- The stacked count walks versions by rerun_of and needs each one's id: from the index, not from
  -- every version's wide row (1.3 s for 30,000 versions of a million generations).
  DROP INDEX IF EXISTS generations_rerun_of;
  CREATE INDEX generations_rerun_of ON generations (rerun_of, id);
  `,
  // 14: thumbnail backfill (services/thumbnails) counts and pages the images still without a
  // thumbnail; on a million-image library it must not scan them all. The index holds only those.
  `
  CREATE INDEX IF NOT EXISTS images_no_thumb ON images (created_at DESC, id DESC) WHERE thumb_path IS NULL;
  `,
  // 15: a tag filter reads its tagged images by id, then needs each one's date (and, listing
  // generations, its generation and that one's date) to sort them. Through the rowid that was a
  // seek into the wide table row per image (20-40 ms for a rare tag's 2,700 images of 2.5 M);
  // these narrow indexes answer it alone (2 ms). Indexes only: about 2 s on a million generations.
  `
  CREATE INDEX IF NOT EXISTS images_live_id ON images (id, created_at, generation_id, is_favorite) WHERE deleted_at IS NULL;
  CREATE INDEX IF NOT EXISTS generations_id_created ON generations (id, created_at);
  `,
  // 16: a tag's page of the gallery walks that tag's images newest first and stops at 100; for
  // that each tagged image's date sits beside its tag (an image's date never changes), kept by
  // triggers whatever writes image_tags (a cascade from a deleted image included). Reading every
  // tagged image's date through an index seek each was 13-22 ms for a tag on 2,600-5,200 images
  // of 2.5 M. A table of its own, not a column: every step here may run again.
  `
  CREATE TABLE IF NOT EXISTS image_tag_times (
    tag_id INTEGER NOT NULL,
    image_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tag_id, image_id)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO image_tag_times (tag_id, image_id, created_at)
    SELECT it.tag_id, it.image_id, i.created_at FROM image_tags it JOIN images i ON i.id = it.image_id;
  CREATE INDEX IF NOT EXISTS image_tag_times_order ON image_tag_times (tag_id, created_at, image_id);
  DROP TRIGGER IF EXISTS image_tag_times_add;
  CREATE TRIGGER image_tag_times_add AFTER INSERT ON image_tags BEGIN
    INSERT OR IGNORE INTO image_tag_times (tag_id, image_id, created_at)
      SELECT new.tag_id, new.image_id, i.created_at FROM images i WHERE i.id = new.image_id;
  END;
  DROP TRIGGER IF EXISTS image_tag_times_drop;
  CREATE TRIGGER image_tag_times_drop AFTER DELETE ON image_tags BEGIN
    DELETE FROM image_tag_times WHERE tag_id = old.tag_id AND image_id = old.image_id;
  END;
  `,
  // 17: the same for lists of generations (`list tag:…`, the CLI and the search): each tagged
  // image's generation and that one's date beside its tag (neither ever changes), so a page walks
  // the tag's generations newest first and stops at the page, instead of reading every tagged
  // image's generation and date to sort them (14-21 ms for a tag on 2,600-5,200 images of 2.5 M).
  `
  CREATE TABLE IF NOT EXISTS image_tag_generations (
    tag_id INTEGER NOT NULL,
    image_id TEXT NOT NULL,
    generation_id TEXT NOT NULL,
    generation_created_at INTEGER NOT NULL,
    PRIMARY KEY (tag_id, image_id)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO image_tag_generations (tag_id, image_id, generation_id, generation_created_at)
    SELECT it.tag_id, it.image_id, i.generation_id, g.created_at
    FROM image_tags it JOIN images i ON i.id = it.image_id JOIN generations g ON g.id = i.generation_id;
  CREATE INDEX IF NOT EXISTS image_tag_generations_order
    ON image_tag_generations (tag_id, generation_created_at, generation_id);
  DROP TRIGGER IF EXISTS image_tag_generations_add;
  CREATE TRIGGER image_tag_generations_add AFTER INSERT ON image_tags BEGIN
    INSERT OR IGNORE INTO image_tag_generations (tag_id, image_id, generation_id, generation_created_at)
      SELECT new.tag_id, new.image_id, i.generation_id, g.created_at
      FROM images i JOIN generations g ON g.id = i.generation_id WHERE i.id = new.image_id;
  END;
  DROP TRIGGER IF EXISTS image_tag_generations_drop;
  CREATE TRIGGER image_tag_generations_drop AFTER DELETE ON image_tags BEGIN
    DELETE FROM image_tag_generations WHERE tag_id = old.tag_id AND image_id = old.image_id;
  END;
  `,
];

export function migrate(db: Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > MIGRATIONS.length)
    throw new Error(`This library was written by a newer Wan Studio (schema ${from}); update the app to open it.`);
  const step = (version: number): void => {
    db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${version + 1}`);
  };
  if (from === 0) {
    // A new library has nothing to keep between steps: one transaction writes each page once.
    // Step by step, the write-ahead log held every step's copy of the schema (about 0.5 MB before
    // its first checkpoint), enough to fail on a nearly full disk before anything was saved.
    db.transaction(() => {
      for (let version = 0; version < MIGRATIONS.length; version++) step(version);
    })();
    return { from, to: MIGRATIONS.length };
  }
  // An existing library keeps each finished step: a crash in a long one (a million rows) redoes
  // only that one.
  for (let version = from; version < MIGRATIONS.length; version++) db.transaction(() => step(version))();
  return { from, to: MIGRATIONS.length };
}
