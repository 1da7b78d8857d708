//! Export, import, backup and restore (routes in `library`; formats in
//! `crate::transfer`, docs/export-format.md).

use super::Call;
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult};
use crate::platform::{Platform, open_migrated};
use crate::store::{self, accounts as q, transfer as t};
use crate::transfer::backup::{BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupIn, Head, Table, TableIn, row_values};
use crate::transfer::{self as format, EXPORT_FORMAT, EXPORT_VERSION, ExportTemplate, ImportPlan, Invalid, NexusExport};
use crate::web::{MAX_IMPORT_BYTES, MAX_OTHER_IMPORT_BYTES, MAX_RESTORE_BYTES, Response, json_bytes, ok_json, query_param};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Name of a system prompt an import had to add (a conversation's prompt the person
/// did not have).
const IMPORTED_PROMPT_NAME: &str = "Imported prompt";

// ---------- export ----------

/// `GET /api/export`: every conversation of the caller, their folders and templates.
pub async fn export_all<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let db = open_migrated(p).await?;
    let (day, body) = db::read_transaction(&db, async |db| {
        let folders = t::export_folders(db, user).await?;
        let templates = t::export_templates(db, user).await?.into_iter().map(|(name, content)| ExportTemplate { name, content }).collect();
        export_file(db, user, None, Some(folders), templates).await
    })
    .await?;
    Ok(download(body, "application/json", &format!("nexus-export-{day}.json")))
}

/// `GET /api/export/{id}?format=json|markdown`.
pub async fn export_one<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let db = open_migrated(p).await?;
    let conversation = super::load_conversation(&db, user, call.param(0)).await?;
    match query_param(&call.req, "format").unwrap_or("json") {
        "markdown" | "md" => {
            let branch = match &conversation.active_leaf_id {
                Some(leaf) => store::path_to(&db, leaf, None).await?,
                None => Vec::new(),
            };
            let text = format::markdown(&conversation.title, &branch);
            Ok(download(text.into_bytes(), "text/markdown; charset=utf-8", &format::file_name(&conversation.title, "md")))
        }
        "json" | "" => {
            let (_, body) = db::read_transaction(&db, async |db| export_file(db, user, Some(&conversation.id), None, Vec::new()).await).await?;
            Ok(download(body, "application/json", &format::file_name(&conversation.title, "json")))
        }
        other => Err(ApiError::BadRequest(format!("`format` is {other:?}; use json or markdown."))),
    }
}

/// The export file of the conversations (all, or `only`) with their messages and
/// pictures, and its day. Written straight into one buffer sized for it, a
/// conversation at a time: only one conversation's pictures are in memory besides the
/// file (their base64 is written from their bytes). `folders`: every folder's name
/// (`None`: those of the conversations).
async fn export_file(
    db: &impl Db,
    user: &str,
    only: Option<&str>,
    folders: Option<Vec<String>>,
    templates: Vec<ExportTemplate>,
) -> anyhow::Result<(String, Vec<u8>)> {
    let mut conversations = t::export_conversations(db, user, only).await?;
    let by_id: HashMap<String, usize> = conversations.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    for m in t::export_messages(db, user, only).await? {
        if let Some(&i) = by_id.get(&m.conversation_id) {
            conversations[i].messages.push(m.message);
        }
    }
    let folders = folders.unwrap_or_else(|| conversations.iter().filter_map(|c| c.folder.clone()).collect());
    let head = NexusExport {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        exported_at: format::now_iso(),
        conversations: Vec::new(),
        folders,
        templates,
    };
    let day: String = head.exported_at.chars().take(10).collect();
    // `{…,"conversations":[]…}`: the conversations go between the brackets.
    let head = serde_json::to_vec(&head)?;
    let at = head.windows(CONVERSATIONS_KEY.len()).position(|w| w == CONVERSATIONS_KEY).map(|i| i + CONVERSATIONS_KEY.len() - 1);
    let at = at.ok_or_else(|| anyhow::anyhow!("the export's head has no conversations list"))?;
    let (pictures, bytes) = store::images::export_size(db, user, only).await?;
    let text: usize = conversations.iter().flat_map(|c| &c.messages).map(|m| m.content.len() * 2 + m.metadata.to_string().len() + 400).sum();
    let capacity = head.len() + text + conversations.len() * 1024 + (bytes as usize).div_ceil(3) * 4 + pictures as usize * 256;
    let mut body = Vec::with_capacity(capacity);
    body.extend_from_slice(&head[..at]);
    for (k, mut c) in conversations.into_iter().enumerate() {
        c.images = store::images::for_conversation(db, user, &c.id)
            .await?
            .into_iter()
            .map(|i| format::ExportImage {
                id: i.id,
                message_id: i.message_id,
                content_type: i.content_type,
                width: i.width,
                height: i.height,
                created_at: i.created_at,
                data: i.data,
            })
            .collect();
        if k > 0 {
            body.push(b',');
        }
        serde_json::to_writer(&mut body, &c)?;
    }
    body.extend_from_slice(&head[at..]);
    Ok((day, body))
}

/// The key of the conversations' list in an export's head, as serde_json writes it.
const CONVERSATIONS_KEY: &[u8] = b"\"conversations\":[]";

/// A response the browser saves as a file.
fn download(body: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let mut resp = http::Response::new(body);
    *resp.status_mut() = StatusCode::OK;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // `filename` is ASCII letters, digits, `-`, `_` and `.` (format::file_name).
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

// ---------- import ----------

fn invalid_import(message: String) -> ApiError {
    ApiError::Invalid { code: "invalid_import", message, extra: None }
}

/// `POST /api/import`: a Nexus export, ChatGPT's `conversations.json` or an Open WebUI
/// export, stored in one commit. Imports do not count against the household's chat
/// limit, nor as usage. A Nexus export (up to [`MAX_IMPORT_BYTES`]) is read in place, its
/// pictures' base64 borrowed from the body until each is stored; another app's file (up
/// to [`MAX_OTHER_IMPORT_BYTES`]) is read into a JSON tree first.
pub async fn import<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let user = call.user_id()?;
    let body = json_bytes(&call.req, MAX_IMPORT_BYTES).map_err(|e| match e {
        ApiError::PayloadTooLarge(_) => ApiError::PayloadTooLarge(format!(
            "This file is over {} MiB, the most an import of a Nexus export takes (MAX_IMPORT_BYTES); nothing was stored. \
             Export fewer conversations at a time (each has its own export), or delete pictures you do not need, and import those files.",
            MAX_IMPORT_BYTES / (1024 * 1024)
        )),
        other => other,
    })?;
    let text = std::str::from_utf8(body).map_err(|e| invalid_import(format!("The file is not valid JSON: it is not UTF-8 text ({e}).")))?;
    let now = format::now_iso();
    let plan = if format::is_nexus_export(text).map_err(|Invalid(why)| invalid_import(why))? {
        format::plan_nexus(text, &now).map_err(|Invalid(why)| invalid_import(why))?
    } else {
        if text.len() > MAX_OTHER_IMPORT_BYTES {
            return Err(ApiError::PayloadTooLarge(format!(
                "This file is over {} MiB, the most an import of a ChatGPT or Open WebUI export takes (MAX_OTHER_IMPORT_BYTES); \
                 nothing was stored. Split its list of conversations into smaller files and import each.",
                MAX_OTHER_IMPORT_BYTES / (1024 * 1024)
            )));
        }
        let doc: Value = serde_json::from_str(text).map_err(|e| invalid_import(format!("The file is not valid JSON: {e}.")))?;
        format::plan_import(&doc, &now).map_err(|Invalid(why)| invalid_import(why))?
    };
    let db = open_migrated(p).await?;
    let default_model = crate::settings::default_model(&db, user).await?;
    let (imported, duplicates) = db::transaction(&db, async |db| store_plan(db, user, &plan, &default_model).await).await?;
    ok_json(&json!({ "format": plan.format, "imported": imported, "skipped": plan.skipped, "duplicates": duplicates }))
}

/// An id from a file that Nexus may keep: UUID-like characters, at most 64.
fn keepable(id: &str) -> bool {
    crate::validate::path_id(id, "").is_ok()
}

/// Stores a plan (inside the import's transaction); returns `(imported, duplicates)`.
async fn store_plan(db: &impl Db, user: &str, plan: &ImportPlan<'_>, default_model: &str) -> anyhow::Result<(usize, usize)> {
    let (mut imported, mut duplicates) = (0, 0);
    let mut folders: HashMap<&str, String> = HashMap::new();
    for name in &plan.folders {
        if !folders.contains_key(name.as_str()) {
            folders.insert(name, t::folder_named(db, user, name).await?);
        }
    }
    for (name, content) in &plan.templates {
        t::add_template(db, user, name, content).await?;
    }
    let mut prompts: HashMap<&str, String> = HashMap::new();
    let mut keys = HashSet::new();
    let mut conversation_ids = HashSet::new();
    let mut message_ids: HashSet<String> = HashSet::new();
    let mut image_ids: HashSet<String> = HashSet::new();
    let fresh = || uuid::Uuid::new_v4().to_string();
    for c in &plan.conversations {
        if let Some(key) = &c.import_key {
            let own = c.keep_id.as_deref().filter(|id| keepable(id));
            if !keys.insert(key.as_str()) || t::already_imported(db, user, key, own).await? {
                duplicates += 1;
                continue;
            }
        }
        let id = match c.keep_id.as_deref() {
            Some(id) if keepable(id) && !conversation_ids.contains(id) && !t::conversation_id_taken(db, id).await? => id.to_owned(),
            _ => fresh(),
        };
        conversation_ids.insert(id.clone());
        // Message ids: kept where no message has them yet, else new (parents follow).
        let wanted: Vec<&str> = c.messages.iter().filter_map(|m| m.keep_id.as_deref()).filter(|id| keepable(id)).collect();
        let taken = if wanted.is_empty() { HashSet::new() } else { t::message_ids_taken(db, &wanted).await? };
        let ids: Vec<String> = c
            .messages
            .iter()
            .map(|m| match m.keep_id.as_deref() {
                Some(k) if keepable(k) && !taken.contains(k) && !message_ids.contains(k) => k.to_owned(),
                _ => fresh(),
            })
            .collect();
        message_ids.extend(ids.iter().cloned());
        // Picture ids: kept where no picture has them yet, else new (the part follows).
        let mut renamed: Vec<HashMap<&str, String>> = Vec::with_capacity(c.messages.len());
        for m in &c.messages {
            let mut names = HashMap::new();
            for img in &m.images {
                let id = if keepable(&img.keep_id) && !image_ids.contains(&img.keep_id) && !store::images::id_taken(db, &img.keep_id).await? {
                    img.keep_id.clone()
                } else {
                    fresh()
                };
                image_ids.insert(id.clone());
                names.insert(img.keep_id.as_str(), id);
            }
            renamed.push(names);
        }
        let prompt_id = match c.system_prompt.as_deref() {
            None => None,
            Some(text) => Some(match prompts.get(text) {
                Some(id) => id.clone(),
                None => {
                    let id = match t::prompt_with_content(db, user, text).await? {
                        Some(id) => id,
                        None => {
                            let id = fresh();
                            store::insert_prompt(db, user, &id, IMPORTED_PROMPT_NAME, text).await?;
                            id
                        }
                    };
                    prompts.insert(text, id.clone());
                    id
                }
            }),
        };
        let folder_id = match c.folder.as_deref() {
            None => None,
            Some(name) => Some(match folders.get(name) {
                Some(id) => id.clone(),
                None => {
                    let id = t::folder_named(db, user, name).await?;
                    folders.insert(name, id.clone());
                    id
                }
            }),
        };
        t::insert_imported_conversation(
            db,
            user,
            &t::ImportedConversation {
                id: &id,
                title: &c.title,
                model: c.model.as_deref().unwrap_or(default_model),
                system_prompt_id: prompt_id.as_deref(),
                created_at: &c.created_at,
                updated_at: &c.updated_at,
                archived_at: c.archived_at.as_deref(),
                pinned_at: c.pinned_at.as_deref(),
                folder_id: folder_id.as_deref(),
                params: &c.params,
                connection_id: c.connection_id.as_deref(),
                active_leaf_id: c.active_leaf.map(|k| ids[k].as_str()),
                import_key: c.import_key.as_deref(),
            },
        )
        .await?;
        t::insert_tags(db, user, &id, &c.tags).await?;
        let parts: Vec<Vec<store::Part>> = c
            .messages
            .iter()
            .zip(&renamed)
            .map(|(m, names)| {
                m.parts
                    .iter()
                    .map(|p| match p {
                        store::Part::Image { image_id, content_type, width, height } => store::Part::Image {
                            image_id: names.get(image_id.as_str()).cloned().unwrap_or_else(|| image_id.clone()),
                            content_type: content_type.clone(),
                            width: *width,
                            height: *height,
                        },
                        other => other.clone(),
                    })
                    .collect()
            })
            .collect();
        let rows = c
            .messages
            .iter()
            .zip(&ids)
            .zip(&parts)
            .map(|((m, mid), parts)| {
                Ok(t::ImportedMessage {
                    id: mid,
                    parent_id: m.parent.map(|k| ids[k].as_str()),
                    role: m.role,
                    content: &m.content,
                    model: m.model.as_deref(),
                    status: m.status,
                    metadata: m.metadata.to_string(),
                    parts: t::ImportedMessage::parts_json(parts)?,
                    refused: m.refused as i64,
                    created_at: &m.created_at,
                    updated_at: &m.updated_at,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        t::insert_imported_messages(db, user, &id, &rows).await?;
        // The pictures, owned by the importer, with their messages.
        for ((m, mid), names) in c.messages.iter().zip(&ids).zip(&renamed) {
            for img in &m.images {
                use sha2::Digest;
                // Decoded now (checked when planned): one picture's bytes at a time.
                let data = img.bytes()?;
                let sha256: String = sha2::Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect();
                let new = store::images::NewImage {
                    id: &names[img.keep_id.as_str()],
                    content_type: img.content_type,
                    width: img.width,
                    height: img.height,
                    data: &data,
                    sha256: &sha256,
                };
                store::images::insert_imported(db, user, mid, &new, img.created_at.as_deref()).await?;
            }
        }
        imported += 1;
    }
    Ok((imported, duplicates))
}

// ---------- backup and restore ----------

/// `GET /api/admin/backup`: every table's rows, read in one transaction.
pub async fn backup<P: Platform>(p: &P, _call: &Call) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    let backup = db::read_transaction(&db, async |db| {
        let schema_version = crate::schema::current_version(db).await?;
        let mut tables = BTreeMap::new();
        for name in t::backup_tables(db).await? {
            let columns = t::table_columns(db, &name).await?;
            let rows = t::all_rows(db, &name, &columns).await?;
            tables.insert(name, Table { columns, rows });
        }
        Ok(Backup { format: BACKUP_FORMAT.into(), version: BACKUP_VERSION, schema_version, created_at: format::now_iso(), tables })
    })
    .await?;
    let day: String = backup.created_at.chars().take(10).collect();
    // Written into one buffer of about its size (not one that doubles as it grows).
    let mut body = Vec::with_capacity(backup.size_hint());
    serde_json::to_writer(&mut body, &backup).map_err(anyhow::Error::from)?;
    drop(backup);
    Ok(download(body, "application/json", &format!("nexus-backup-{day}.json")))
}

/// Why a restore was refused inside its transaction (rolled back).
#[derive(Debug)]
enum Refusal {
    NotEmpty,
    Invalid(String),
}
impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}
impl std::error::Error for Refusal {}

fn not_empty() -> ApiError {
    ApiError::ConflictCode {
        code: "not_empty",
        message: "This Nexus already has accounts, so a backup cannot be restored into it. Restore into a new \
                  instance (an empty data folder) before its first-run setup."
            .into(),
    }
}

fn invalid_backup(message: String) -> ApiError {
    ApiError::Invalid { code: "invalid_backup", message, extra: None }
}

/// Most rows a restore stores per call of [`t::insert_rows`], and most bytes of
/// pictures (decoded) it holds for one: rows are read from the file one at a time and
/// stored in batches, so a restore's memory is the file plus one batch.
pub const RESTORE_BATCH_ROWS: usize = 500;
pub const RESTORE_BATCH_BYTES: usize = 8 * 1024 * 1024;

/// `POST /api/restore`: a backup into an instance nobody has set up yet. The file is
/// read in place: its rows stay JSON text (borrowed from the body) until each is
/// checked, decoded (pictures from base64) and stored, a batch at a time, in one
/// transaction — a row that cannot be stored rolls all of it back.
pub async fn restore<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    let db = open_migrated(p).await?;
    if !q::setup_required(&db).await? {
        return Err(not_empty());
    }
    let body = json_bytes(&call.req, MAX_RESTORE_BYTES).map_err(|e| match e {
        ApiError::PayloadTooLarge(_) => ApiError::PayloadTooLarge(format!(
            "This backup is over {} MiB, the most a restore takes (MAX_RESTORE_BYTES); nothing was stored. \
             Make a smaller backup: delete conversations with many pictures in the Nexus that made it, then back it up again.",
            MAX_RESTORE_BYTES / (1024 * 1024)
        )),
        other => other,
    })?;
    let not_json = |e: &serde_json::Error| matches!(e.classify(), serde_json::error::Category::Syntax | serde_json::error::Category::Eof);
    let head: Head = match serde_json::from_slice(body) {
        Ok(head) => head,
        Err(e) if not_json(&e) => return Err(invalid_backup(format!("The file is not valid JSON: {e}."))),
        Err(_) => Head { format: None },
    };
    match head.format.as_deref() {
        Some(BACKUP_FORMAT) => {}
        Some(EXPORT_FORMAT) => {
            return Err(invalid_backup(
                "This file is an export, not a backup: set up the instance, sign in, and import it with POST /api/import.".into(),
            ));
        }
        _ => return Err(invalid_backup("This file is not a Nexus backup (GET /api/admin/backup makes one).".into())),
    }
    let backup: BackupIn = serde_json::from_slice(body).map_err(|e| invalid_backup(format!("This backup is not valid: {e}.")))?;
    let current = crate::schema::current_version(&db).await?;
    if backup.version != BACKUP_VERSION || backup.schema_version != current {
        return Err(ApiError::Invalid {
            code: "backup_version",
            message: format!(
                "This backup was made by a Nexus at database version {} (backup format {}); this Nexus is at version {current} \
                 (format {BACKUP_VERSION}). Restore it with the Nexus version that made it, then upgrade.",
                backup.schema_version, backup.version
            ),
            extra: None,
        });
    }
    // Its own record of the migrations applied must agree (a restore replaces ours: a
    // missing one would make the next start migrate the restored tables again).
    let recorded = backup.tables.get("schema_version").and_then(|t| {
        let col = t.columns.iter().position(|c| c == "version")?;
        t.rows.iter().filter_map(|r| match row_values(r)?.get(col) {
            Some(crate::db::Value::Integer(v)) => Some(*v),
            _ => None,
        }).max()
    });
    if recorded != Some(current) {
        return Err(invalid_backup(format!(
            "This backup's schema_version table does not record version {current} as its newest migration; it is incomplete or was edited."
        )));
    }
    // Every table and column must be one of this database's (their names go into SQL).
    let tables = t::backup_tables(&db).await?;
    for (name, table) in &backup.tables {
        if !tables.contains(name) {
            return Err(invalid_backup(format!("The backup has a table {name:?}, which this Nexus does not have.")));
        }
        let columns = t::table_columns(&db, name).await?;
        if let Some(c) = table.columns.iter().find(|c| !columns.contains(c)) {
            return Err(invalid_backup(format!("The backup's table {name:?} has a column {c:?}, which this Nexus does not have.")));
        }
    }
    let rank = |n: &str| t::RESTORE_FIRST.iter().position(|f| *f == n).unwrap_or(t::RESTORE_FIRST.len());
    let mut order: Vec<(&String, &TableIn)> = backup.tables.iter().collect();
    order.sort_by(|a, b| (rank(a.0), a.0).cmp(&(rank(b.0), b.0)));
    let result = db::transaction(&db, async |db| {
        if !q::setup_required(db).await? {
            return Err(Refusal::NotEmpty.into());
        }
        t::defer_foreign_keys(db).await?;
        // What migrations seeded (the legacy owner, the default prompt, config, template
        // seeds) goes: the backup has its own.
        for name in &tables {
            t::delete_all(db, name).await?;
        }
        let mut restored = BTreeMap::new();
        for &(name, table) in &order {
            let columns = &table.columns;
            let keep: Vec<usize> = (0..columns.len()).filter(|&i| !t::RENUMBERED.contains(&(name.as_str(), columns[i].as_str()))).collect();
            let cols: Vec<&str> = keep.iter().map(|&i| columns[i].as_str()).collect();
            let store = async |batch: Vec<Vec<crate::db::Value>>| {
                t::insert_rows(db, name, &cols, batch).await.map_err(|e| {
                    anyhow::Error::from(Refusal::Invalid(format!("A row of the backup's table {name:?} cannot be stored: {e:#}.")))
                })
            };
            let (mut batch, mut bytes) = (Vec::new(), 0);
            for (i, row) in table.rows.iter().enumerate() {
                let values = row_values(row).ok_or_else(|| {
                    Refusal::Invalid(format!(
                        "Row {} of the backup's table {name:?} is not a list of values that are numbers, text, null or {{\"base64\"}}.",
                        i + 1
                    ))
                })?;
                if values.len() != columns.len() {
                    return Err(Refusal::Invalid(format!(
                        "Row {} of the backup's table {name:?} has {} values for {} columns.",
                        i + 1,
                        values.len(),
                        columns.len()
                    ))
                    .into());
                }
                if cols.is_empty() {
                    continue;
                }
                let mut values: Vec<Option<crate::db::Value>> = values.into_iter().map(Some).collect();
                let row: Vec<crate::db::Value> = keep.iter().map(|&k| values[k].take().unwrap_or(crate::db::Value::Null)).collect();
                bytes += row.iter().map(|v| if let crate::db::Value::Blob(b) = v { b.len() } else { 0 }).sum::<usize>();
                batch.push(row);
                if batch.len() >= RESTORE_BATCH_ROWS || bytes >= RESTORE_BATCH_BYTES {
                    store(std::mem::take(&mut batch)).await?;
                    bytes = 0;
                }
            }
            if !batch.is_empty() {
                store(batch).await?;
            }
            restored.insert(name.clone(), table.rows.len());
        }
        t::rebuild_search_index(db).await?;
        if let Some((table, parent)) = t::foreign_key_problem(db).await? {
            return Err(Refusal::Invalid(format!("The backup's table {table:?} has a row whose {parent:?} row is missing.")).into());
        }
        Ok(restored)
    })
    .await;
    match result {
        Ok(restored) => ok_json(&json!({ "restored": restored })),
        Err(e) => Err(match e.downcast::<Refusal>() {
            Ok(Refusal::NotEmpty) => not_empty(),
            Ok(Refusal::Invalid(m)) => invalid_backup(m),
            Err(e) => ApiError::Internal(e),
        }),
    }
}
