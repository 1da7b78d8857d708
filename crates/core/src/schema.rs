//! Numbered, idempotent migrations, applied automatically when a handler opens the
//! database. Each migration runs in one `BEGIN IMMEDIATE` transaction and re-checks the
//! version inside it, so two instances starting at once cannot apply one twice.

use crate::db::{Db, Value};
use anyhow::{Context, Result};

/// The user row that owned everything before accounts existed (migration 1 seeds it).
/// It cannot sign in (no username); the first admin takes over its conversations,
/// prompts and preferences at setup (`store::accounts::create_first_admin`) and it is
/// deleted then. Handlers never use it: they get the user from `auth`.
pub const LEGACY_OWNER_ID: &str = "owner";
/// The id of the seeded default system prompt.
pub const DEFAULT_PROMPT_ID: &str = "default";
/// Text of the seeded default system prompt.
pub const DEFAULT_PROMPT_TEXT: &str = "You are Nexus, a helpful assistant. Answer clearly and \
concisely. Use Markdown for structure, and fenced code blocks with a language tag for code.";
/// Model used when settings name none.
pub const DEFAULT_MODEL: &str = "openai/gpt-4o-mini";

/// Per-connection settings. `synchronous = NORMAL` is SQLite's recommendation for WAL
/// mode: commits survive a crash of Nexus or Spin; only a power cut can lose the last
/// moments (not corrupt the file). It keeps each saved delta from waiting on an fsync.
const CONNECTION_PRAGMAS: &[&str] = &[
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA synchronous = NORMAL",
];

const CREATE_SCHEMA_VERSION: &str = "CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)";
const SELECT_VERSION: &str = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
const INSERT_VERSION: &str = "INSERT INTO schema_version (version, name) VALUES (?, ?)";

/// A numbered migration: its statements run in order inside one transaction.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub statements: &'static [&'static str],
}

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "initial schema",
    statements: &[
        "PRAGMA journal_mode = WAL",
        "CREATE TABLE IF NOT EXISTS users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        )",
        "INSERT OR IGNORE INTO users (id, name) VALUES ('owner', 'Owner')",
        "CREATE TABLE IF NOT EXISTS system_prompts (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            content TEXT NOT NULL,
            is_default INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        )",
        "CREATE INDEX IF NOT EXISTS system_prompts_user ON system_prompts (user_id, created_at)",
        "CREATE TABLE IF NOT EXISTS conversations (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            title_is_default INTEGER NOT NULL DEFAULT 1,
            model TEXT NOT NULL,
            system_prompt_id TEXT REFERENCES system_prompts(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        )",
        "CREATE INDEX IF NOT EXISTS conversations_user_updated
            ON conversations (user_id, updated_at DESC)",
        "CREATE TABLE IF NOT EXISTS messages (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content TEXT NOT NULL DEFAULT '',
            model TEXT,
            status TEXT NOT NULL DEFAULT 'completed'
                CHECK (status IN ('streaming', 'completed', 'error', 'interrupted', 'stopped')),
            metadata TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            UNIQUE (conversation_id, seq)
        )",
        "CREATE INDEX IF NOT EXISTS messages_streaming ON messages (status) WHERE status = 'streaming'",
        "CREATE TABLE IF NOT EXISTS config (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )",
        "CREATE TABLE IF NOT EXISTS models_cache (
            base_url TEXT PRIMARY KEY,
            fetched_at INTEGER NOT NULL,
            body TEXT NOT NULL
        )",
    ],
}, Migration {
    version: 2,
    name: "message tree, active leaf, stop requests",
    statements: &[
        // parent_id has no foreign key on purpose: subtrees are deleted with one recursive
        // query (store::delete_subtree); FK cascades would recurse once per level and hit
        // SQLite's trigger depth limit on long conversations.
        "ALTER TABLE messages ADD COLUMN parent_id TEXT",
        "ALTER TABLE messages ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE conversations ADD COLUMN active_leaf_id TEXT",
        // Existing conversations become a single branch, in the order they were written.
        "UPDATE messages SET parent_id = (SELECT p.id FROM messages p \
            WHERE p.conversation_id = messages.conversation_id AND p.seq < messages.seq \
            ORDER BY p.seq DESC LIMIT 1)",
        "UPDATE conversations SET active_leaf_id = (SELECT m.id FROM messages m \
            WHERE m.conversation_id = conversations.id ORDER BY m.seq DESC LIMIT 1)",
        "CREATE INDEX IF NOT EXISTS messages_children ON messages (conversation_id, parent_id, seq)",
    ],
}, Migration {
    version: 3,
    name: "a growing reply's text as appended chunks",
    statements: &[
        // While a reply streams, its text lives here, one row per save, so a save writes
        // only what is new (an UPDATE of a growing `content` rewrites the whole value:
        // quadratic in the reply's length). `start` is the reply's length in characters
        // before the chunk, so a reader finds the text after any offset through the key.
        // When the reply ends its writer stores the whole text in `messages.content` and
        // deletes the chunks in one commit.
        "CREATE TABLE IF NOT EXISTS message_chunks (
            message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (message_id, start)
        ) WITHOUT ROWID",
        // A chunk is the writer's heartbeat too: one statement per save touches the
        // reply (and takes back a reply a reader had declared interrupted).
        "CREATE TRIGGER IF NOT EXISTS message_chunks_touch AFTER INSERT ON message_chunks BEGIN
            UPDATE messages SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
                status = CASE WHEN status = 'interrupted' THEN 'streaming' ELSE status END
            WHERE id = NEW.message_id;
        END",
        // Replies streaming when this version is installed belong to a server that has
        // stopped (upgrading restarts it): they are interrupted, their text kept.
        "UPDATE messages SET status = 'interrupted', metadata = json_set(metadata, \
            '$.error', 'The server stopped generating this reply before it finished (it was restarted). The text so far is kept.', \
            '$.error_code', 'interrupted') WHERE status = 'streaming'",
    ],
}, Migration {
    version: 4,
    name: "a reply's start and end are one statement each",
    statements: &[
        // A new reply is what its conversation shows: a send or a regenerate is then one
        // INSERT (atomic on its own), with no transaction held across round trips to
        // the database — under load each round trip is milliseconds.
        "CREATE TRIGGER IF NOT EXISTS messages_new_reply AFTER INSERT ON messages
            WHEN NEW.status = 'streaming' BEGIN
            UPDATE conversations SET active_leaf_id = NEW.id,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
            WHERE id = NEW.conversation_id;
        END",
        // A reply that stops streaming (finished, stopped, failed, or stored as
        // interrupted) has its whole text in `content`: its chunks go, and its
        // conversation moves to the top of the list.
        "CREATE TRIGGER IF NOT EXISTS messages_reply_ended AFTER UPDATE OF status ON messages
            WHEN OLD.status = 'streaming' AND NEW.status <> 'streaming' BEGIN
            DELETE FROM message_chunks WHERE message_id = NEW.id;
            UPDATE conversations SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
            WHERE id = NEW.conversation_id;
        END",
    ],
}, Migration {
    version: 5,
    name: "accounts: users who sign in, sessions, API tokens, preferences per user",
    statements: &[
        // The rows from migration 1 keep their ids; `username` is NULL for the legacy
        // owner (who cannot sign in) until the first admin takes its data over.
        "ALTER TABLE users ADD COLUMN username TEXT",
        "ALTER TABLE users ADD COLUMN password_hash TEXT",
        "ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member'))",
        "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE users ADD COLUMN last_active_at TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users (username COLLATE NOCASE) WHERE username IS NOT NULL",
        // `id` is public (listing, revoking); the cookie's token is known only by its
        // SHA-256 (`token_hash`).
        "CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            user_agent TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            last_seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            expires_at TEXT NOT NULL
        )",
        "CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id, last_seen_at)",
        "CREATE TABLE IF NOT EXISTS api_tokens (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            last_used_at TEXT
        )",
        "CREATE INDEX IF NOT EXISTS api_tokens_user ON api_tokens (user_id, created_at)",
        // Each person's own default model, title model and theme; `config` keeps the
        // instance's settings and the defaults for these.
        "CREATE TABLE IF NOT EXISTS user_preferences (
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (user_id, key)
        ) WITHOUT ROWID",
    ],
}, Migration {
    version: 6,
    name: "a household: archive, limits, usage counters, the shared context, invites",
    statements: &[
        "ALTER TABLE conversations ADD COLUMN archived_at TEXT",
        // A person's limits, set by an admin; NULL: the documented default
        // (`store::limits::DEFAULTS`).
        "CREATE TABLE IF NOT EXISTS user_limits (
            user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            max_chats INTEGER,
            window_requests INTEGER,
            window_secs INTEGER,
            monthly_token_budget INTEGER,
            allowed_models TEXT
        )",
        // Tokens used per person per calendar month (UTC), kept by a trigger when a reply
        // ends, so a budget check is one row read, not a scan of the month's messages.
        "CREATE TABLE IF NOT EXISTS usage_monthly (
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            month TEXT NOT NULL,
            tokens INTEGER NOT NULL DEFAULT 0,
            replies INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (user_id, month)
        ) WITHOUT ROWID",
        "CREATE TRIGGER IF NOT EXISTS messages_usage AFTER UPDATE OF status ON messages
            WHEN OLD.status = 'streaming' AND NEW.status <> 'streaming' BEGIN
            INSERT INTO usage_monthly (user_id, month, tokens, replies)
            SELECT c.user_id, strftime('%Y-%m', 'now'),
                COALESCE(json_extract(NEW.metadata, '$.total_tokens'), 0), 1
            FROM conversations c WHERE c.id = NEW.conversation_id
            ON CONFLICT (user_id, month) DO UPDATE SET tokens = tokens + excluded.tokens,
                replies = replies + 1;
        END",
        // What the replies already stored used (by the month they were written in).
        "INSERT INTO usage_monthly (user_id, month, tokens, replies)
            SELECT c.user_id, substr(m.created_at, 1, 7), SUM(COALESCE(json_extract(m.metadata, '$.total_tokens'), 0)), COUNT(*)
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.role = 'assistant' AND m.status <> 'streaming'
            GROUP BY c.user_id, substr(m.created_at, 1, 7)
            ON CONFLICT (user_id, month) DO NOTHING",
        // The household context: every save is a new row; the newest is the one in use.
        "CREATE TABLE IF NOT EXISTS context_versions (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            content TEXT NOT NULL,
            created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        )",
        // Single-use invite links; only the token's SHA-256 is stored.
        "CREATE TABLE IF NOT EXISTS invites (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            expires_at TEXT NOT NULL,
            used_at TEXT,
            used_by TEXT REFERENCES users(id) ON DELETE SET NULL
        )",
    ],
}, Migration {
    version: 7,
    name: "provider connections, conversation parameters, prices, daily usage",
    statements: &[
        // A provider account: household (owner_id NULL, admins manage it) or one person's.
        // api_key is sealed (crate::crypto) with "connection:<id>" as associated data.
        "CREATE TABLE IF NOT EXISTS connections (
            id TEXT PRIMARY KEY,
            owner_id TEXT REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            base_url TEXT NOT NULL,
            api_key TEXT NOT NULL DEFAULT '',
            key_hint TEXT NOT NULL DEFAULT '',
            enabled INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        )",
        "CREATE INDEX IF NOT EXISTS connections_owner ON connections (owner_id)",
        // NULL: the server connection (the instance settings and variables).
        "ALTER TABLE conversations ADD COLUMN connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL",
        // Sampling parameters (provider::Params as JSON); '{}': the provider's defaults.
        "ALTER TABLE conversations ADD COLUMN params TEXT NOT NULL DEFAULT '{}'",
        // Prices from each connection's model list (USD per million tokens), written
        // when the list is fetched, read when a reply's cost is estimated.
        "CREATE TABLE IF NOT EXISTS model_prices (
            connection_id TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_per_mtok REAL NOT NULL,
            completion_per_mtok REAL NOT NULL,
            PRIMARY KEY (connection_id, model)
        ) WITHOUT ROWID",
        // Usage per person per UTC day per model, kept by a trigger in the commit that
        // ends a reply (the Usage page reads it; budgets read usage_monthly).
        "CREATE TABLE IF NOT EXISTS usage_daily (
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cost REAL NOT NULL DEFAULT 0,
            estimated INTEGER NOT NULL DEFAULT 0,
            replies INTEGER NOT NULL DEFAULT 0,
            -- replies whose cost is known (the rest are not counted as free)
            costed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (user_id, day, model)
        ) WITHOUT ROWID",
        "CREATE TRIGGER IF NOT EXISTS messages_usage_daily AFTER UPDATE OF status ON messages
            WHEN OLD.status = 'streaming' AND NEW.status <> 'streaming' BEGIN
            INSERT INTO usage_daily (user_id, day, model, prompt_tokens, completion_tokens, cost, estimated, replies, costed)
            SELECT c.user_id, strftime('%Y-%m-%d', 'now'), COALESCE(NEW.model, ''),
                COALESCE(json_extract(NEW.metadata, '$.prompt_tokens'), 0),
                COALESCE(json_extract(NEW.metadata, '$.completion_tokens'), 0),
                COALESCE(json_extract(NEW.metadata, '$.cost'), 0),
                COALESCE(json_extract(NEW.metadata, '$.cost_estimated'), 0), 1,
                json_extract(NEW.metadata, '$.cost') IS NOT NULL
            FROM conversations c WHERE c.id = NEW.conversation_id
            ON CONFLICT (user_id, day, model) DO UPDATE SET
                prompt_tokens = prompt_tokens + excluded.prompt_tokens,
                completion_tokens = completion_tokens + excluded.completion_tokens,
                cost = cost + excluded.cost,
                estimated = max(estimated, excluded.estimated),
                replies = replies + 1,
                costed = costed + excluded.costed;
        END",
        // What the replies already stored used (by the day they were written).
        "INSERT INTO usage_daily (user_id, day, model, prompt_tokens, completion_tokens, cost, estimated, replies, costed)
            SELECT c.user_id, substr(m.created_at, 1, 10), COALESCE(m.model, ''),
                SUM(COALESCE(json_extract(m.metadata, '$.prompt_tokens'), 0)),
                SUM(COALESCE(json_extract(m.metadata, '$.completion_tokens'), 0)),
                SUM(COALESCE(json_extract(m.metadata, '$.cost'), 0)), 0, COUNT(*),
                COUNT(json_extract(m.metadata, '$.cost'))
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.role = 'assistant' AND m.status <> 'streaming'
            GROUP BY c.user_id, substr(m.created_at, 1, 10), COALESCE(m.model, '')
            ON CONFLICT (user_id, day, model) DO NOTHING",
    ],
}, Migration {
    version: 8,
    name: "message parts, refused messages",
    statements: &[
        // A message's parts besides its text (store::Part as JSON: reasoning; images
        // later); NULL: only the text, which stays in `content` (and `message_chunks`
        // while streaming), so resume offsets count text only. Existing rows need
        // nothing: their one part is their text.
        "ALTER TABLE messages ADD COLUMN parts TEXT",
        // 1: a user message the household's moderation check refused (kept and shown as
        // `refused`, never part of a prompt). A column, not a status: the status CHECK
        // constraint cannot change without rebuilding the table.
        "ALTER TABLE messages ADD COLUMN refused INTEGER NOT NULL DEFAULT 0",
    ],
}, Migration {
    version: 9,
    name: "find and keep: full-text search, folders, tags, pins, imports, share links, templates",
    statements: &[
        // One level of folders per person; deleting one leaves its conversations unfiled.
        "CREATE TABLE IF NOT EXISTS folders (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        )",
        "CREATE INDEX IF NOT EXISTS folders_user ON folders (user_id, name)",
        "ALTER TABLE conversations ADD COLUMN folder_id TEXT REFERENCES folders(id) ON DELETE SET NULL",
        "ALTER TABLE conversations ADD COLUMN pinned_at TEXT",
        // Where an imported conversation came from ("chatgpt:<id>", "nexus:<id>", ...):
        // importing the same file twice finds it and skips it.
        "ALTER TABLE conversations ADD COLUMN import_key TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS conversations_import ON conversations (user_id, import_key) \
            WHERE import_key IS NOT NULL",
        // The paged list's order (newest activity first, id breaks ties) as an index.
        "CREATE INDEX IF NOT EXISTS conversations_user_page ON conversations (user_id, updated_at DESC, id DESC)",
        "DROP INDEX IF EXISTS conversations_user_updated",
        "CREATE TABLE IF NOT EXISTS conversation_tags (
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            -- 'Work' and 'work' are one tag
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (conversation_id, tag)
        ) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS conversation_tags_tag ON conversation_tags (tag, conversation_id)",
        // Full-text search: FTS5 indexes over messages.content and conversations.title
        // (external content: the text is not stored twice). FTS5 needs an integer key
        // per row; the tables' implicit rowids may change on VACUUM (they have no
        // INTEGER PRIMARY KEY), so each row gets its own stable `doc` number, set by the
        // insert trigger. A streaming reply's `content` is empty until it ends (its text
        // is in message_chunks), so it is indexed when it finishes, in the same UPDATE.
        "ALTER TABLE messages ADD COLUMN doc INTEGER",
        "UPDATE messages SET doc = rowid",
        // Covering what a search reads of each candidate (its conversation, its date),
        // so it never loads a message's row, text and all. `doc` is unique by the
        // trigger that sets it.
        "CREATE INDEX IF NOT EXISTS messages_doc ON messages (doc, conversation_id, created_at)",
        "ALTER TABLE conversations ADD COLUMN doc INTEGER",
        "UPDATE conversations SET doc = rowid",
        "CREATE UNIQUE INDEX IF NOT EXISTS conversations_doc ON conversations (doc)",
        // Prefix indexes for 2 and 3 characters: results as a person types, without
        // merging the lists of every word that starts so (search::fts_query matches a
        // one-letter word whole).
        "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(content, content = 'messages', \
            content_rowid = 'doc', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
        "CREATE VIRTUAL TABLE IF NOT EXISTS conversations_fts USING fts5(title, content = 'conversations', \
            content_rowid = 'doc', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
        "CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
            UPDATE messages SET doc = (SELECT COALESCE(MAX(doc), 0) + 1 FROM messages) WHERE rowid = NEW.rowid;
            INSERT INTO messages_fts (rowid, content) SELECT doc, content FROM messages WHERE rowid = NEW.rowid;
        END",
        "CREATE TRIGGER IF NOT EXISTS messages_fts_update AFTER UPDATE OF content ON messages
            WHEN OLD.content IS NOT NEW.content BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', OLD.doc, OLD.content);
            INSERT INTO messages_fts (rowid, content) VALUES (NEW.doc, NEW.content);
        END",
        "CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', OLD.doc, OLD.content);
        END",
        "CREATE TRIGGER IF NOT EXISTS conversations_fts_insert AFTER INSERT ON conversations BEGIN
            UPDATE conversations SET doc = (SELECT COALESCE(MAX(doc), 0) + 1 FROM conversations) WHERE rowid = NEW.rowid;
            INSERT INTO conversations_fts (rowid, title) SELECT doc, title FROM conversations WHERE rowid = NEW.rowid;
        END",
        "CREATE TRIGGER IF NOT EXISTS conversations_fts_update AFTER UPDATE OF title ON conversations
            WHEN OLD.title IS NOT NEW.title BEGIN
            INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', OLD.doc, OLD.title);
            INSERT INTO conversations_fts (rowid, title) VALUES (NEW.doc, NEW.title);
        END",
        "CREATE TRIGGER IF NOT EXISTS conversations_fts_delete AFTER DELETE ON conversations BEGIN
            INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', OLD.doc, OLD.title);
        END",
        // The index of what is already stored.
        "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')",
        "INSERT INTO conversations_fts (conversations_fts) VALUES ('rebuild')",
        // Read-only share links: a snapshot of the branch shown when it was shared. The
        // token is the link (kept so its owner can copy it again; it opens only this
        // snapshot, never an account).
        "CREATE TABLE IF NOT EXISTS shares (
            id TEXT PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            snapshot TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            expires_at TEXT
        )",
        "CREATE INDEX IF NOT EXISTS shares_user ON shares (user_id, created_at)",
        // Prompt templates with {{variables}}: a person's own (owner_id) or the
        // household's (owner_id NULL, managed by admins).
        "CREATE TABLE IF NOT EXISTS prompt_templates (
            id TEXT PRIMARY KEY,
            owner_id TEXT REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        )",
        "CREATE INDEX IF NOT EXISTS prompt_templates_owner ON prompt_templates (owner_id, name)",
        // A few household templates to start from (an admin may change or delete them;
        // they are written once, here, never again).
        "INSERT OR IGNORE INTO prompt_templates (id, owner_id, name, content) VALUES
            ('seed-summarize', NULL, 'Summarize', 'Summarize the following in {{length}} for {{audience}}:\n\n{{text}}'),
            ('seed-translate', NULL, 'Translate', 'Translate the following into {{language}}. Keep the meaning and the tone:\n\n{{text}}'),
            ('seed-explain', NULL, 'Explain simply', 'Explain {{topic}} as if I were {{age}} years old, with one everyday example.')",
    ],
}, Migration {
    version: 10,
    name: "pictures in the chat; a client's id for each message it sends",
    statements: &[
        // The id a client made for a message it sends (the offline outbox): a second
        // send with it in the same conversation is answered `409 duplicate`, never
        // stored twice.
        "ALTER TABLE messages ADD COLUMN client_id TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS messages_client ON messages (conversation_id, client_id) \
            WHERE client_id IS NOT NULL",
        // Uploaded pictures, owned by their uploader. `message_id` is NULL until a sent
        // message takes the picture (then deleting the message, or its conversation,
        // deletes it); unattached pictures older than a day are swept on upload.
        // Only `store::images` reads `data`.
        "CREATE TABLE IF NOT EXISTS images (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            message_id TEXT REFERENCES messages(id) ON DELETE CASCADE,
            content_type TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            data BLOB NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        )",
        "CREATE INDEX IF NOT EXISTS images_user ON images (user_id, created_at)",
        // The cascade from a deleted message finds its pictures through this index.
        "CREATE INDEX IF NOT EXISTS images_message ON images (message_id) WHERE message_id IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS images_unattached ON images (created_at) WHERE message_id IS NULL",
    ],
}];

/// Sets the per-connection pragmas (every connection Nexus opens needs them).
pub async fn configure(db: &impl Db) -> Result<()> {
    if db.configured() {
        return Ok(());
    }
    for pragma in CONNECTION_PRAGMAS {
        db.execute(pragma, vec![]).await.with_context(|| format!("running {pragma}"))?;
    }
    db.set_configured();
    Ok(())
}

/// Sets per-connection pragmas and applies every migration not yet applied.
pub async fn migrate(db: &impl Db) -> Result<()> {
    migrate_to(db, i64::MAX).await
}

/// Like [`migrate`], but stops after migration `target` (tests use it to build old
/// databases and check that later migrations keep their data).
pub async fn migrate_to(db: &impl Db, target: i64) -> Result<()> {
    configure(db).await?;
    db.execute(CREATE_SCHEMA_VERSION, vec![]).await.context("creating schema_version")?;
    let current = current_version(db).await?;
    for m in MIGRATIONS.iter().filter(|m| m.version > current && m.version <= target) {
        apply(db, m).await.with_context(|| format!("migration {} ({})", m.version, m.name))?;
    }
    Ok(())
}

/// The highest applied migration number (0 on an empty database).
pub async fn current_version(db: &impl Db) -> Result<i64> {
    let rows = db.query(SELECT_VERSION, vec![]).await?;
    rows.first().map(|r| r.int(0)).transpose().map(|v| v.unwrap_or(0))
}

async fn apply(db: &impl Db, m: &Migration) -> Result<()> {
    // journal_mode cannot change inside a transaction; it is persistent, so run it first.
    for stmt in m.statements.iter().filter(|s| s.starts_with("PRAGMA")) {
        db.execute(stmt, vec![]).await?;
    }
    crate::db::transaction(db, async |db| {
        if current_version(db).await? >= m.version {
            return Ok(()); // another instance applied it while we waited for the lock
        }
        for stmt in m.statements.iter().filter(|s| !s.starts_with("PRAGMA")) {
            db.execute(stmt, vec![]).await?;
        }
        if m.version == 1 {
            seed(db).await?;
        }
        db.execute(INSERT_VERSION, vec![Value::Integer(m.version), m.name.into()]).await
    })
    .await
}

const SEED_PROMPT: &str = "INSERT OR IGNORE INTO system_prompts (id, user_id, name, content, is_default)
    VALUES (?, ?, 'Default', ?, 1)";
const SEED_CONFIG: &str = "INSERT OR IGNORE INTO config (key, value) VALUES (?, ?)";

/// Seeds the default system prompt and configuration (part of migration 1).
async fn seed(db: &impl Db) -> Result<()> {
    db.execute(
        SEED_PROMPT,
        vec![DEFAULT_PROMPT_ID.into(), LEGACY_OWNER_ID.into(), DEFAULT_PROMPT_TEXT.into()],
    )
    .await?;
    for (key, value) in [("default_model", DEFAULT_MODEL), ("theme", "dark"), ("title_model", "")] {
        db.execute(SEED_CONFIG, vec![key.into(), value.into()]).await?;
    }
    Ok(())
}
