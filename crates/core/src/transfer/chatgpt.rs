//! ChatGPT's `conversations.json` (its data export): a list of conversations, each a
//! `mapping` of nodes `{id, message, parent, children}` and the `current_node` shown.

use super::*;

/// Content types whose text is kept (`parts`: strings, and for `multimodal_text`
/// objects such as images).
const TEXT_TYPES: &[&str] = &["text", "multimodal_text"];

pub(super) fn plan(items: &[Value], now: &str) -> Parsed<ImportPlan<'static>> {
    let mut plan = ImportPlan { format: "chatgpt", ..Default::default() };
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            return Err(Invalid(format!("This ChatGPT export's {} is not an object.", which(i, ""))));
        };
        let title_raw = obj.get("title").and_then(Value::as_str).unwrap_or_default();
        let name = which(i, title_raw);
        let Some(mapping) = obj.get("mapping").and_then(Value::as_object) else {
            return Err(Invalid(format!("In this ChatGPT export, {name} has no `mapping` object (its messages).")));
        };
        let title = title_of(title_raw);
        let created = date_of(obj.get("create_time")).unwrap_or_else(|| now.to_owned());
        let updated = date_of(obj.get("update_time")).unwrap_or_else(|| created.clone());
        let mut replaced: HashMap<&'static str, usize> = HashMap::new();
        let mut left_out: HashMap<String, usize> = HashMap::new();
        let mut nodes = Vec::with_capacity(mapping.len());
        let mut last_model: Option<String> = None;
        for (position, (key, node)) in mapping.iter().enumerate() {
            let Some(node) = node.as_object() else {
                return Err(Invalid(format!("In this ChatGPT export, {name} has a node {key:?} that is not an object.")));
            };
            let id = node.get("id").and_then(Value::as_str).unwrap_or(key).to_owned();
            let parent = node.get("parent").and_then(Value::as_str).map(str::to_owned);
            let message = node.get("message").filter(|m| !m.is_null());
            let order = (message.map(|m| seconds_of(m.get("create_time"))).unwrap_or(0.0), position);
            let message = match message {
                Some(m) => read_message(m, &created, &mut replaced, &mut left_out)
                    .map_err(|Invalid(why)| Invalid(format!("In this ChatGPT export, {name}, message {id:?}: {why}")))?,
                None => None,
            };
            if let Some(m) = &message
                && m.role == "assistant"
                && m.model.is_some()
            {
                last_model = m.model.clone();
            }
            nodes.push(SourceNode { id, parent, order, message });
        }
        let current = obj.get("current_node").and_then(Value::as_str);
        let (messages, active_leaf) = build_tree(nodes, current);
        if messages.is_empty() {
            plan.skipped.push(Skipped { title, reason: "It has no messages from you or the assistant.".into() });
            continue;
        }
        plan.skipped.extend(losses(&title, &replaced, &left_out));
        let source = obj.get("conversation_id").or_else(|| obj.get("id")).and_then(Value::as_str).filter(|s| !s.is_empty());
        let model = obj.get("default_model_slug").and_then(Value::as_str).map(str::to_owned).or(last_model);
        plan.conversations.push(PlannedConversation {
            import_key: source.map(|s| format!("chatgpt:{s}")),
            title,
            model,
            archived_at: obj.get("is_archived").and_then(Value::as_bool).unwrap_or(false).then(|| updated.clone()),
            created_at: created,
            updated_at: updated,
            messages,
            active_leaf,
            ..Default::default()
        });
    }
    Ok(plan)
}

/// One node's message: `None` when it is not kept (system, tool, hidden, not text, empty).
fn read_message(
    m: &Value,
    conversation_created: &str,
    replaced: &mut HashMap<&'static str, usize>,
    left_out: &mut HashMap<String, usize>,
) -> Parsed<Option<PlannedMessage<'static>>> {
    if !m.is_object() {
        return Err(Invalid("it is not an object.".into()));
    }
    let role = match m.pointer("/author/role").and_then(Value::as_str) {
        Some("user") => "user",
        Some("assistant") => "assistant",
        // System and tool messages (and any other author) are not part of the chat shown.
        _ => return Ok(None),
    };
    if m.pointer("/metadata/is_visually_hidden_from_conversation").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    let content_type = m.pointer("/content/content_type").and_then(Value::as_str).unwrap_or("text");
    if !TEXT_TYPES.contains(&content_type) {
        *left_out.entry(content_type.to_owned()).or_default() += 1;
        return Ok(None);
    }
    let mut texts: Vec<String> = Vec::new();
    for part in m.pointer("/content/parts").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        match part {
            Value::String(s) if !s.is_empty() => texts.push(s.clone()),
            Value::Object(o) => match o.get("content_type").and_then(Value::as_str).unwrap_or("") {
                "audio_transcription" => {
                    if let Some(t) = o.get("text").and_then(Value::as_str).filter(|t| !t.is_empty()) {
                        texts.push(t.to_owned());
                    }
                }
                kind => {
                    let label = placeholder(kind);
                    *replaced.entry(label).or_default() += 1;
                    texts.push(format!("[{label}]"));
                }
            },
            _ => {}
        }
    }
    let content = texts.join("\n\n");
    if content.trim().is_empty() {
        return Ok(None);
    }
    let created = date_of(m.get("create_time")).unwrap_or_else(|| conversation_created.to_owned());
    let updated = date_of(m.get("update_time")).unwrap_or_else(|| created.clone());
    let model = (role == "assistant").then(|| m.pointer("/metadata/model_slug").and_then(Value::as_str).map(str::to_owned)).flatten();
    let status = match m.get("status").and_then(Value::as_str) {
        Some("in_progress") => crate::store::status::INTERRUPTED,
        _ => crate::store::status::COMPLETED,
    };
    Ok(Some(PlannedMessage {
        keep_id: None,
        parent: None,
        role,
        content,
        parts: Vec::new(),
        model,
        status,
        metadata: empty_object(),
        refused: false,
        created_at: created,
        updated_at: updated,
        images: Vec::new(),
    }))
}

/// The placeholder for a non-text part, by its `content_type`.
fn placeholder(kind: &str) -> &'static str {
    if kind.contains("image") {
        "image"
    } else if kind.contains("audio") || kind.contains("video") {
        "audio"
    } else {
        "attachment"
    }
}
