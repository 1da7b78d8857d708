//! Export and import formats (docs/export-format.md): the Nexus export document, and
//! the readers that turn a Nexus export, ChatGPT's `conversations.json` or an Open WebUI
//! chat export into an [`ImportPlan`] — checked and complete before anything is stored,
//! so a malformed file is refused whole. Also the backup document (`backup`) and the
//! Markdown of a branch. No SQL here: `store::transfer` stores what a plan says.

pub mod backup;
mod chatgpt;
mod openwebui;

use crate::provider::Params;
use crate::store::Part;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// `format` of a Nexus export.
pub const EXPORT_FORMAT: &str = "nexus-export";
/// `version` of the export format this Nexus writes and reads.
pub const EXPORT_VERSION: i64 = 1;
/// Title of an imported conversation that has none.
pub const UNTITLED: &str = "Imported chat";
/// Tags: at most this many per conversation, each at most this many characters.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 40;
/// A folder's name: at most this many characters.
pub const MAX_FOLDER_CHARS: usize = 100;

/// The whole export document, as an export writes it (an import reads it with
/// [`plan_nexus`], each conversation in turn, pictures left as base64 in the file).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NexusExport {
    pub format: String,
    pub version: i64,
    #[serde(default)]
    pub exported_at: String,
    pub conversations: Vec<ExportConversation>,
    /// Every folder's name (also the empty ones).
    #[serde(default)]
    pub folders: Vec<String>,
    /// The person's own prompt templates.
    #[serde(default)]
    pub templates: Vec<ExportTemplate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExportTemplate {
    pub name: String,
    pub content: String,
}

/// One conversation with its whole message tree; `I` is how its pictures are held
/// ([`ExportImage`] when written, [`ExportImageIn`] when read).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(bound(deserialize = "I: Deserialize<'de>"))]
pub struct ExportConversation<I = ExportImage> {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub model: String,
    /// The text of its system prompt (null: the person's default prompt).
    #[serde(default)]
    pub system_prompt: Option<String>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub archived_at: Option<String>,
    #[serde(default)]
    pub pinned_at: Option<String>,
    /// Its folder's name.
    #[serde(default)]
    pub folder: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub connection_id: Option<String>,
    #[serde(default)]
    pub active_leaf_id: Option<String>,
    /// Oldest first: every parent before its children.
    #[serde(default)]
    pub messages: Vec<ExportMessage>,
    /// The pictures its messages sent (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<I>,
}

/// A picture of an exported conversation: the message that sent it (whose `parts` name
/// it by `id`) and its bytes, written in base64 straight into the file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExportImage {
    pub id: String,
    pub message_id: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub created_at: String,
    /// The bytes; in the file base64 (standard alphabet, padded).
    #[serde(serialize_with = "base64_text")]
    pub data: Vec<u8>,
}

fn base64_text<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&base64::display::Base64Display::new(bytes, &base64::engine::general_purpose::STANDARD))
}

/// A picture as an import reads it: its base64 stays the file's text (borrowed) until
/// the picture is checked, and again until it is stored.
#[derive(Debug, Deserialize)]
pub struct ExportImageIn<'a> {
    pub id: String,
    pub message_id: String,
    #[serde(rename = "content_type")]
    _content_type: serde::de::IgnoredAny,
    #[serde(rename = "width")]
    _width: i64,
    #[serde(rename = "height")]
    _height: i64,
    #[serde(default)]
    pub created_at: String,
    #[serde(borrow)]
    pub data: Cow<'a, str>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExportMessage {
    pub id: String,
    #[serde(default)]
    pub parent_id: Option<String>,
    pub role: String,
    #[serde(default)]
    pub content: String,
    /// Reasoning (if any), then the text (the same text as `content`).
    #[serde(default)]
    pub parts: Vec<Part>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default = "completed")]
    pub status: String,
    #[serde(default = "empty_object")]
    pub metadata: Value,
    #[serde(default)]
    pub refused: bool,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

fn completed() -> String {
    crate::store::status::COMPLETED.into()
}
fn empty_object() -> Value {
    Value::Object(Default::default())
}

/// What one import stores, after every check. `'a`: the file, which pictures borrow.
#[derive(Debug, Default)]
pub struct ImportPlan<'a> {
    pub format: &'static str,
    pub conversations: Vec<PlannedConversation<'a>>,
    /// Folders to have (by name), also those no conversation is in.
    pub folders: Vec<String>,
    /// Personal templates `(name, content)` to add unless the person has the same.
    pub templates: Vec<(String, String)>,
    /// What was left out, with why.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Skipped {
    pub title: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct PlannedConversation<'a> {
    /// An id to keep if no conversation has it yet (Nexus exports only).
    pub keep_id: Option<String>,
    /// Where it came from (`nexus:<id>`, `chatgpt:<id>`, `openwebui:<id>`): importing it
    /// again finds it.
    pub import_key: Option<String>,
    pub title: String,
    /// `None`: the person's default model.
    pub model: Option<String>,
    pub system_prompt: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub archived_at: Option<String>,
    pub pinned_at: Option<String>,
    pub folder: Option<String>,
    pub tags: Vec<String>,
    pub params: Params,
    pub connection_id: Option<String>,
    /// Every parent before its children.
    pub messages: Vec<PlannedMessage<'a>>,
    /// Index into `messages` of the branch shown.
    pub active_leaf: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct PlannedMessage<'a> {
    /// An id to keep if no message has it yet (Nexus exports only).
    pub keep_id: Option<String>,
    /// Index into the conversation's `messages` (always an earlier one).
    pub parent: Option<usize>,
    pub role: &'static str,
    pub content: String,
    /// The non-text parts (reasoning).
    pub parts: Vec<Part>,
    pub model: Option<String>,
    pub status: &'static str,
    pub metadata: Value,
    pub refused: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Its pictures (Nexus exports only), in the order of its image parts.
    pub images: Vec<PlannedImage<'a>>,
}

/// A picture to store with its message, checked like an upload (type and size from
/// its bytes); its bytes are decoded again from the file's base64 when it is stored, so
/// an import holds one picture's bytes at a time.
#[derive(Debug, Clone)]
pub struct PlannedImage<'a> {
    /// The id to keep if no picture has it yet (its message's part is renamed otherwise).
    pub keep_id: String,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub created_at: Option<String>,
    /// Its base64 (checked), borrowed from the file.
    pub data: Cow<'a, str>,
}

impl PlannedImage<'_> {
    /// Its bytes, decoded from the (checked) base64.
    pub fn bytes(&self) -> Result<Vec<u8>, base64::DecodeError> {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(self.data.as_bytes())
    }
}

/// A file that cannot be imported: the sentence says what is wrong.
#[derive(Debug)]
pub struct Invalid(pub String);

type Parsed<T> = Result<T, Invalid>;

/// Whether `text` is a Nexus export (read with [`plan_nexus`]) rather than another
/// app's (read with [`plan_import`]), from its `format` alone (the rest is not kept in
/// memory). Refused: a file that is not JSON, and a Nexus backup.
pub fn is_nexus_export(text: &str) -> Parsed<bool> {
    #[derive(Deserialize)]
    struct Head<'a> {
        #[serde(borrow, default)]
        format: Option<Cow<'a, str>>,
    }
    if !text.trim_start().starts_with('{') {
        return Ok(false); // a list (ChatGPT, Open WebUI), or not JSON: read as another app's
    }
    match serde_json::from_str::<Head>(text) {
        Ok(Head { format: Some(f) }) if f == EXPORT_FORMAT => Ok(true),
        Ok(Head { format: Some(f) }) if f == backup::BACKUP_FORMAT => Err(Invalid(
            "This file is a Nexus backup, not an export: restore it on a new instance with POST /api/restore.".into(),
        )),
        Err(e) if matches!(e.classify(), serde_json::error::Category::Syntax | serde_json::error::Category::Eof) => {
            Err(Invalid(format!("The file is not valid JSON: {e}.")))
        }
        _ => Ok(false),
    }
}

/// Recognises another app's document (ChatGPT, Open WebUI) and reads it into a plan. `now`
/// stands in for missing dates. A Nexus export is read by [`plan_nexus`] instead.
pub fn plan_import(doc: &Value, now: &str) -> Parsed<ImportPlan<'static>> {
    match doc {
        Value::Object(o) => match o.get("format").and_then(Value::as_str) {
            _ if o.contains_key("mapping") => chatgpt::plan(std::slice::from_ref(doc), now),
            _ if o.contains_key("chat") || o.contains_key("history") => openwebui::plan(std::slice::from_ref(doc), now),
            _ => Err(unknown_format()),
        },
        Value::Array(items) => {
            let Some(first) = items.first() else {
                return Err(Invalid("The file is an empty list: it holds no conversations to import.".into()));
            };
            let has = |k: &str| first.as_object().is_some_and(|o| o.contains_key(k));
            if has("mapping") {
                chatgpt::plan(items, now)
            } else if has("chat") || has("history") || has("messages") {
                openwebui::plan(items, now)
            } else {
                Err(unknown_format())
            }
        }
        _ => Err(unknown_format()),
    }
}

fn unknown_format() -> Invalid {
    Invalid(
        "Nexus does not recognise this file: it imports a Nexus export, ChatGPT's conversations.json \
         (from its data export) or an Open WebUI chat export (JSON)."
            .into(),
    )
}

/// A conversation's name in error sentences: its position and title.
fn which(i: usize, title: &str) -> String {
    if title.is_empty() { format!("conversation {}", i + 1) } else { format!("conversation {} ({title:?})", i + 1) }
}

// ---------- Nexus ----------

/// A Nexus export's top level, each part left as the file's JSON text (borrowed) to be
/// read in turn.
#[derive(Deserialize)]
struct NexusIn<'a> {
    #[serde(borrow, default)]
    version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    conversations: Option<&'a RawValue>,
    #[serde(borrow, default)]
    folders: Option<&'a RawValue>,
    #[serde(borrow, default)]
    templates: Option<&'a RawValue>,
}

/// Reads a Nexus export (the file's text) into a plan, one conversation at a time and
/// checking each picture (decoded into one reused buffer), so the plan holds the texts
/// but not the pictures: they stay the file's base64. `now` stands in for missing dates.
pub fn plan_nexus<'a>(text: &'a str, now: &str) -> Parsed<ImportPlan<'a>> {
    let doc: NexusIn<'a> = serde_json::from_str(text).map_err(|e| Invalid(format!("This Nexus export is not valid: {e}.")))?;
    let version = doc.version.map(RawValue::get);
    if version.and_then(|v| serde_json::from_str::<i64>(v).ok()) != Some(EXPORT_VERSION) {
        return Err(Invalid(format!(
            "This Nexus export has version {}; this Nexus reads version {EXPORT_VERSION}. Export it again from a Nexus of the same version.",
            version.unwrap_or("(none)")
        )));
    }
    // Conversation by conversation, so the sentence can name the one that is wrong.
    let Some(list) = doc.conversations.and_then(|c| serde_json::from_str::<Vec<&'a RawValue>>(c.get()).ok()) else {
        return Err(Invalid("This Nexus export has no `conversations` list.".into()));
    };
    let mut plan = ImportPlan { format: "nexus", ..Default::default() };
    let mut buffer = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let mut conv: ExportConversation<ExportImageIn<'a>> = serde_json::from_str(c.get()).map_err(|e| {
            #[derive(Deserialize)]
            struct Title {
                title: String,
            }
            let title = serde_json::from_str::<Title>(c.get()).map(|t| t.title).unwrap_or_default();
            Invalid(format!("In this Nexus export, {} is not valid: {e}.", which(i, &title)))
        })?;
        // Dates a hand-made file leaves out.
        if conv.created_at.is_empty() {
            conv.created_at = now.to_owned();
        }
        for m in &mut conv.messages {
            if m.created_at.is_empty() {
                m.created_at = conv.created_at.clone();
            }
        }
        plan.conversations.push(nexus_conversation(i, conv, &mut buffer)?);
    }
    let invalid = |e: serde_json::Error| Invalid(format!("This Nexus export is not valid: {e}."));
    if let Some(folders) = doc.folders {
        let folders: Vec<String> = serde_json::from_str(folders.get()).map_err(invalid)?;
        plan.folders = folders.iter().filter_map(|f| folder_name(f)).collect();
    }
    if let Some(templates) = doc.templates {
        let templates: Vec<ExportTemplate> = serde_json::from_str(templates.get()).map_err(invalid)?;
        plan.templates = templates.into_iter().map(|t| (t.name, t.content)).collect();
    }
    Ok(plan)
}

fn nexus_conversation<'a>(i: usize, c: ExportConversation<ExportImageIn<'a>>, buffer: &mut Vec<u8>) -> Parsed<PlannedConversation<'a>> {
    let name = which(i, &c.title);
    if let Some(problem) = c.params.problem() {
        return Err(Invalid(format!("In {name}, `params` is out of range: {problem}")));
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (k, m) in c.messages.iter().enumerate() {
        if index.insert(m.id.as_str(), k).is_some() {
            return Err(Invalid(format!("In {name}, two messages have the id {:?}.", m.id)));
        }
    }
    // Parents before children, whatever order the file lists them in.
    let order = parents_first(c.messages.len(), |k| c.messages[k].parent_id.as_deref().map(|p| index.get(p).copied().ok_or(p)))
        .map_err(|e| match e {
            TreeError::MissingParent(k, p) => Invalid(format!("In {name}, message {:?} answers {p:?}, which is not in the conversation.", c.messages[k].id)),
            TreeError::Cycle(k) => Invalid(format!("In {name}, message {:?} is its own ancestor.", c.messages[k].id)),
        })?;
    let mut pictures: HashMap<&str, &ExportImageIn<'a>> = HashMap::new();
    for img in &c.images {
        if !index.contains_key(img.message_id.as_str()) {
            return Err(Invalid(format!("In {name}, picture {:?} belongs to message {:?}, which is not in the conversation.", img.id, img.message_id)));
        }
        pictures.insert(img.id.as_str(), img);
    }
    let mut position = vec![0; c.messages.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new;
    }
    let mut messages = Vec::with_capacity(c.messages.len());
    for &k in &order {
        let m = &c.messages[k];
        let role = match m.role.as_str() {
            "user" => "user",
            "assistant" => "assistant",
            other => return Err(Invalid(format!("In {name}, message {:?} has the role {other:?}; Nexus keeps user and assistant messages.", m.id))),
        };
        use crate::store::status::*;
        let (status, refused) = match m.status.as_str() {
            COMPLETED => (COMPLETED, m.refused),
            ERROR => (ERROR, m.refused),
            INTERRUPTED => (INTERRUPTED, m.refused),
            STOPPED => (STOPPED, m.refused),
            REFUSED => (COMPLETED, true),
            // A reply still being written when it was exported: its text so far.
            STREAMING => (INTERRUPTED, m.refused),
            other => return Err(Invalid(format!("In {name}, message {:?} has the status {other:?}, which Nexus does not know.", m.id))),
        };
        let mut metadata = if m.metadata.is_object() { m.metadata.clone() } else { empty_object() };
        if m.status == STREAMING {
            metadata["error"] = "This reply was still being written when it was exported; the text so far is kept.".into();
            metadata["error_code"] = "interrupted".into();
        }
        let (parts, images) = message_images(&name, m, &pictures, buffer)?;
        messages.push(PlannedMessage {
            keep_id: Some(m.id.clone()),
            parent: m.parent_id.as_deref().map(|p| position[index[p]]),
            role,
            content: m.content.clone(),
            parts,
            images,
            model: m.model.clone(),
            status,
            metadata,
            refused,
            created_at: m.created_at.clone(),
            updated_at: if m.updated_at.is_empty() { m.created_at.clone() } else { m.updated_at.clone() },
        });
    }
    let active_leaf = match c.active_leaf_id.as_deref() {
        Some(id) => match index.get(id) {
            Some(&k) => Some(position[k]),
            None => return Err(Invalid(format!("In {name}, `active_leaf_id` {id:?} is not one of its messages."))),
        },
        None => None,
    };
    Ok(PlannedConversation {
        keep_id: Some(c.id.clone()),
        import_key: Some(format!("nexus:{}", c.id)),
        title: title_of(&c.title),
        model: (!c.model.trim().is_empty()).then(|| c.model.clone()),
        system_prompt: c.system_prompt.clone().filter(|p| !p.is_empty()),
        created_at: c.created_at.clone(),
        updated_at: if c.updated_at.is_empty() { c.created_at.clone() } else { c.updated_at.clone() },
        archived_at: c.archived_at.clone(),
        pinned_at: c.pinned_at.clone(),
        folder: c.folder.as_deref().and_then(folder_name),
        tags: tags_of(c.tags.iter().map(String::as_str)),
        params: c.params,
        connection_id: c.connection_id.clone(),
        messages,
        active_leaf,
    })
}

/// A message's non-text parts and its pictures: each image part with its picture in
/// the file, checked like an upload (the part's type and size become the bytes'); an
/// image part whose picture is not in the file is left out. Each picture is decoded into
/// `buffer` to be checked, and kept as its base64.
fn message_images<'a>(
    name: &str,
    m: &ExportMessage,
    pictures: &HashMap<&str, &ExportImageIn<'a>>,
    buffer: &mut Vec<u8>,
) -> Parsed<(Vec<Part>, Vec<PlannedImage<'a>>)> {
    use base64::Engine;
    let mut parts = Vec::new();
    let mut images = Vec::new();
    for part in m.parts.iter().filter(|p| !matches!(p, Part::Text { .. })) {
        let Some(id) = part.image_id() else {
            parts.push(part.clone());
            continue;
        };
        let Some(img) = pictures.get(id).filter(|i| i.message_id == m.id) else { continue };
        let bad = |why: &str| Invalid(format!("In {name}, picture {id:?} {why}."));
        let base64_text: Cow<'a, str> = match &img.data {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_owned()),
        };
        // Over the limit whatever it decodes to: not decoded at all.
        if base64_text.len() / 4 * 3 > crate::images::MAX_IMAGE_BYTES + 3 {
            return Err(bad(&format!("is over {} MiB", crate::images::MAX_IMAGE_BYTES / (1024 * 1024))));
        }
        buffer.clear();
        base64::engine::general_purpose::STANDARD.decode_vec(base64_text.as_bytes(), buffer).map_err(|_| bad("is not valid base64"))?;
        let data = &buffer[..];
        if data.len() > crate::images::MAX_IMAGE_BYTES {
            return Err(bad(&format!("is over {} MiB", crate::images::MAX_IMAGE_BYTES / (1024 * 1024))));
        }
        let sniffed = crate::images::sniff(data).ok_or_else(|| bad("is not a PNG, JPEG, WebP or GIF"))?;
        parts.push(Part::Image {
            image_id: id.to_owned(),
            content_type: sniffed.content_type.into(),
            width: sniffed.width.into(),
            height: sniffed.height.into(),
        });
        images.push(PlannedImage {
            keep_id: id.to_owned(),
            content_type: sniffed.content_type,
            width: sniffed.width,
            height: sniffed.height,
            created_at: (!img.created_at.is_empty()).then(|| img.created_at.clone()),
            data: base64_text,
        });
    }
    Ok((parts, images))
}

// ---------- shared helpers ----------

#[derive(Debug)]
enum TreeError<'a> {
    MissingParent(usize, &'a str),
    Cycle(usize),
}

/// An order of `n` nodes with every parent before its children, keeping the given order
/// otherwise (iterative: deep trees are long conversations).
fn parents_first<'a>(n: usize, parent: impl Fn(usize) -> Option<Result<usize, &'a str>>) -> Result<Vec<usize>, TreeError<'a>> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for k in 0..n {
        match parent(k) {
            None => roots.push(k),
            Some(Ok(p)) => children[p].push(k),
            Some(Err(missing)) => return Err(TreeError::MissingParent(k, missing)),
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut placed = vec![false; n];
    // Breadth by generation would reorder siblings across subtrees; a stack walk keeps
    // each node after its parent and siblings in file order.
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(k) = stack.pop() {
        placed[k] = true;
        order.push(k);
        stack.extend(children[k].iter().rev());
    }
    match placed.iter().position(|p| !p) {
        Some(k) => Err(TreeError::Cycle(k)),
        None => Ok(order),
    }
}

/// A title as stored: trimmed, at most [`crate::validate::MAX_TITLE_CHARS`], never empty.
fn title_of(t: &str) -> String {
    let t: String = t.trim().chars().take(crate::validate::MAX_TITLE_CHARS).collect();
    if t.is_empty() { UNTITLED.into() } else { t }
}

fn folder_name(f: &str) -> Option<String> {
    let f: String = f.trim().chars().take(MAX_FOLDER_CHARS).collect();
    (!f.is_empty()).then_some(f)
}

/// Tags as stored: trimmed, 1–40 characters, no repeats, at most 20.
fn tags_of<'a>(tags: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t: String = t.trim().chars().take(MAX_TAG_CHARS).collect();
        if !t.is_empty() && seen.insert(t.clone()) && out.len() < MAX_TAGS {
            out.push(t);
        }
    }
    out.sort();
    out
}

/// A message read from another app, before the tree is settled.
struct SourceNode {
    id: String,
    parent: Option<String>,
    /// Its order among siblings (time, then position in the file).
    order: (f64, usize),
    /// `None`: not kept (system, tool, empty); its children hang under its parent.
    message: Option<PlannedMessage<'static>>,
}

/// Builds the message tree from another app's nodes: skipped nodes' children are
/// re-attached to their nearest kept ancestor; `current` (the node the app showed) gives
/// the active leaf (its nearest kept ancestor, else the last message).
fn build_tree(nodes: Vec<SourceNode>, current: Option<&str>) -> (Vec<PlannedMessage<'static>>, Option<usize>) {
    let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(k, n)| (n.id.as_str(), k)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut roots = Vec::new();
    for (k, n) in nodes.iter().enumerate() {
        match n.parent.as_deref().and_then(|p| index.get(p)) {
            Some(&p) if p != k => children[p].push(k),
            _ => roots.push(k),
        }
    }
    let by_order = |a: &usize, b: &usize| nodes[*a].order.partial_cmp(&nodes[*b].order).unwrap_or(std::cmp::Ordering::Equal);
    for c in &mut children {
        c.sort_by(by_order);
    }
    roots.sort_by(by_order);
    let mut kept_at: Vec<Option<usize>> = vec![None; nodes.len()];
    let mut visited = vec![false; nodes.len()];
    let mut out: Vec<PlannedMessage<'static>> = Vec::new();
    let mut messages: Vec<Option<PlannedMessage<'static>>> = nodes.iter().map(|_| None).collect();
    let ids: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
    for (k, n) in nodes.into_iter().enumerate() {
        messages[k] = n.message;
    }
    // (node, nearest kept ancestor's index in `out`)
    let mut stack: Vec<(usize, Option<usize>)> = roots.iter().rev().map(|&r| (r, None)).collect();
    while let Some((k, above)) = stack.pop() {
        if visited[k] {
            continue;
        }
        visited[k] = true;
        let here = match messages[k].take() {
            Some(mut m) => {
                m.parent = above;
                out.push(m);
                Some(out.len() - 1)
            }
            None => above,
        };
        kept_at[k] = here;
        for &c in children[k].iter().rev() {
            stack.push((c, here));
        }
    }
    // The node shown, or its nearest kept ancestor; without one, the last message
    // (a leaf: the walk ends in one).
    let active = current.and_then(|c| ids.iter().position(|id| id == c)).and_then(|k| kept_at[k]).or(out.len().checked_sub(1));
    (out, active)
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` (as SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ')` writes) of
/// Unix seconds.
pub fn iso_from_unix(secs: f64) -> String {
    let ms = (secs * 1000.0).round() as i64;
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let s = ms_of_day / 1000;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", s / 3600, s / 60 % 60, s % 60, ms_of_day % 1000)
}

/// Now, as [`iso_from_unix`] writes it.
pub fn now_iso() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
    iso_from_unix(now)
}

/// A date in another app's export: Unix seconds (or milliseconds, or nanoseconds, by
/// size), or a string taken as it is.
fn date_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => {
            let mut x = n.as_f64()?;
            if !x.is_finite() || x <= 0.0 {
                return None;
            }
            while x > 1e11 {
                x /= 1000.0; // milliseconds, microseconds, nanoseconds
            }
            Some(iso_from_unix(x))
        }
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

fn seconds_of(v: Option<&Value>) -> f64 {
    v.and_then(Value::as_f64).unwrap_or(0.0)
}

/// Reasons for what a conversation lost on the way in: `("image", 2)` → "2 images …".
fn losses(title: &str, replaced: &HashMap<&'static str, usize>, left_out: &HashMap<String, usize>) -> Vec<Skipped> {
    let mut out = Vec::new();
    let mut replaced: Vec<_> = replaced.iter().collect();
    replaced.sort();
    for (kind, n) in replaced {
        out.push(Skipped {
            title: title.to_owned(),
            reason: format!("{n} {kind} attachment{} kept as the placeholder [{kind}] (Nexus imports text only).", if *n == 1 { "" } else { "s" }),
        });
    }
    let mut left: Vec<_> = left_out.iter().collect();
    left.sort();
    for (kind, n) in left {
        out.push(Skipped {
            title: title.to_owned(),
            reason: format!("{n} message{} of the kind {kind:?} left out (Nexus imports text from you and the assistant).", if *n == 1 { "" } else { "s" }),
        });
    }
    out
}

// ---------- Markdown and file names ----------

/// The branch shown as Markdown: `# Title`, then a section per message (reasoning left
/// out). A picture is not in the file: a line such as `*[picture: image/png, 800×600]*`
/// marks each, before the message's text, so the reader knows there was one.
pub fn markdown(title: &str, branch: &[crate::store::Message]) -> String {
    let mut out = format!("# {}\n", title.trim());
    for m in branch {
        let who = match (m.role.as_str(), m.model.as_deref()) {
            ("user", _) => "**You**".to_owned(),
            (_, Some(model)) if !model.is_empty() => format!("**Assistant ({model})**"),
            _ => "**Assistant**".to_owned(),
        };
        out.push_str(&format!("\n{who}\n"));
        for p in &m.parts {
            if let Part::Image { content_type, width, height, .. } = p {
                out.push_str(&format!("\n*[picture: {content_type}, {width}×{height}]*\n"));
            }
        }
        let text = m.content.trim_end();
        if !text.is_empty() || !m.parts.iter().any(|p| p.image_id().is_some()) {
            out.push_str(&format!("\n{text}\n"));
        }
    }
    out
}

/// A file name safe in a `Content-Disposition` header: ASCII letters, digits, `-` and
/// `_` from the title (other characters become `-`), at most 60, never empty.
pub fn file_name(title: &str, extension: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            stem.push(c);
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_matches('-').chars().take(60).collect();
    let stem = stem.trim_end_matches('-');
    format!("{}.{extension}", if stem.is_empty() { "conversation" } else { stem })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_from_unix(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_from_unix(1_700_000_000.5), "2023-11-14T22:13:20.500Z");
        assert_eq!(iso_from_unix(951_782_400.0), "2000-02-29T00:00:00.000Z");
        assert_eq!(date_of(Some(&serde_json::json!(1_700_000_000_000i64))).unwrap(), "2023-11-14T22:13:20.000Z");
        assert_eq!(date_of(Some(&serde_json::json!(1_700_000_000_000_000_000i64))).unwrap(), "2023-11-14T22:13:20.000Z");
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("Trip to Rome: day 1/2", "md"), "Trip-to-Rome-day-1-2.md");
        assert_eq!(file_name("Ёлка \"quoted\"", "json"), "quoted.json");
        assert_eq!(file_name("日本", "json"), "conversation.json");
    }

    #[test]
    fn unknown_documents_are_refused_with_a_sentence() {
        for doc in [serde_json::json!({}), serde_json::json!([1]), serde_json::json!("x"), serde_json::json!([])] {
            let Invalid(why) = plan_import(&doc, "now").unwrap_err();
            assert!(why.ends_with('.'), "{why}");
        }
    }
}
