//! Open WebUI's chat export (Settings → Chats → Export, or `GET /api/v1/chats/all`):
//! a list of `{id, title, chat: {models, history: {messages: {id: {…}}, currentId},
//! messages: […]}, created_at, updated_at, archived, pinned, meta: {tags}}`. Older
//! exports have only `chat.messages`, a list (with `parentId`, or in order).

use super::*;

pub(super) fn plan(items: &[Value], now: &str) -> Parsed<ImportPlan<'static>> {
    let mut plan = ImportPlan { format: "openwebui", ..Default::default() };
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            return Err(Invalid(format!("This Open WebUI export's {} is not an object.", which(i, ""))));
        };
        // `{id, title, chat: {...}}`, or the chat object alone.
        let chat = obj.get("chat").unwrap_or(item);
        let Some(chat_obj) = chat.as_object() else {
            return Err(Invalid(format!("In this Open WebUI export, {}'s `chat` is not an object.", which(i, ""))));
        };
        let title_raw = obj.get("title").or_else(|| chat_obj.get("title")).and_then(Value::as_str).unwrap_or_default();
        let name = which(i, title_raw);
        let title = title_of(title_raw);
        let created = date_of(obj.get("created_at"))
            .or_else(|| date_of(chat_obj.get("timestamp")))
            .unwrap_or_else(|| now.to_owned());
        let updated = date_of(obj.get("updated_at")).unwrap_or_else(|| created.clone());
        let mut replaced: HashMap<&'static str, usize> = HashMap::new();
        let mut left_out: HashMap<String, usize> = HashMap::new();
        let history = chat_obj.get("history").and_then(|h| h.get("messages")).and_then(Value::as_object);
        let (raw, current): (Vec<(String, &Value)>, Option<String>) = match (history, chat_obj.get("messages").and_then(Value::as_array)) {
            (Some(map), _) => (
                map.iter().map(|(k, v)| (v.get("id").and_then(Value::as_str).unwrap_or(k).to_owned(), v)).collect(),
                chat.pointer("/history/currentId").and_then(Value::as_str).map(str::to_owned),
            ),
            (None, Some(list)) => (
                list.iter().enumerate().map(|(k, v)| (v.get("id").and_then(Value::as_str).map(str::to_owned).unwrap_or_else(|| format!("#{k}")), v)).collect(),
                None,
            ),
            (None, None) => {
                return Err(Invalid(format!("In this Open WebUI export, {name} has neither `chat.history.messages` nor `chat.messages`.")));
            }
        };
        // A list without `parentId` is one branch, in its order.
        let chained = history.is_none() && raw.iter().all(|(_, m)| m.get("parentId").is_none());
        let mut nodes = Vec::with_capacity(raw.len());
        for (position, (id, m)) in raw.iter().enumerate() {
            if !m.is_object() {
                return Err(Invalid(format!("In this Open WebUI export, {name} has a message {id:?} that is not an object.")));
            }
            let parent = if chained {
                position.checked_sub(1).map(|p| raw[p].0.clone())
            } else {
                m.get("parentId").and_then(Value::as_str).map(str::to_owned)
            };
            let order = (seconds_of(m.get("timestamp")), position);
            let message = read_message(m, &created, &mut replaced, &mut left_out);
            nodes.push(SourceNode { id: id.clone(), parent, order, message });
        }
        let current = current.or_else(|| chained.then(|| raw.last().map(|(id, _)| id.clone())).flatten());
        let (messages, active_leaf) = build_tree(nodes, current.as_deref());
        if messages.is_empty() {
            plan.skipped.push(Skipped { title, reason: "It has no messages from you or the assistant.".into() });
            continue;
        }
        plan.skipped.extend(losses(&title, &replaced, &left_out));
        let model = chat_obj
            .get("models")
            .and_then(Value::as_array)
            .and_then(|m| m.iter().find_map(Value::as_str))
            .map(str::to_owned)
            .or_else(|| messages.iter().rev().find_map(|m| m.model.clone()));
        let tag_values: Vec<&Value> = obj
            .get("meta")
            .and_then(|m| m.get("tags"))
            .or_else(|| chat_obj.get("tags"))
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let tags = tags_of(tag_values.iter().filter_map(|t| t.as_str().or_else(|| t.get("name").and_then(Value::as_str))));
        let flag = |k: &str| obj.get(k).and_then(Value::as_bool).unwrap_or(false);
        let source = obj.get("id").or_else(|| chat_obj.get("id")).and_then(Value::as_str).filter(|s| !s.is_empty());
        plan.conversations.push(PlannedConversation {
            import_key: source.map(|s| format!("openwebui:{s}")),
            title,
            model,
            archived_at: flag("archived").then(|| updated.clone()),
            pinned_at: flag("pinned").then(|| updated.clone()),
            tags,
            created_at: created,
            updated_at: updated,
            messages,
            active_leaf,
            ..Default::default()
        });
    }
    Ok(plan)
}

/// One message: `None` when it is not kept (system, tool, empty).
fn read_message(
    m: &Value,
    conversation_created: &str,
    replaced: &mut HashMap<&'static str, usize>,
    left_out: &mut HashMap<String, usize>,
) -> Option<PlannedMessage<'static>> {
    let role = match m.get("role").and_then(Value::as_str) {
        Some("user") => "user",
        Some("assistant") => "assistant",
        Some(other) => {
            if other != "system" {
                *left_out.entry(other.to_owned()).or_default() += 1;
            }
            return None;
        }
        None => return None,
    };
    let mut texts: Vec<String> = Vec::new();
    match m.get("content") {
        Some(Value::String(s)) if !s.is_empty() => texts.push(s.clone()),
        // OpenAI-style content parts.
        Some(Value::Array(parts)) => {
            for p in parts {
                match (p.get("type").and_then(Value::as_str), p.get("text").and_then(Value::as_str)) {
                    (Some("text"), Some(t)) if !t.is_empty() => texts.push(t.to_owned()),
                    (Some(kind), _) if kind != "text" => {
                        let label = if kind.contains("image") { "image" } else { "attachment" };
                        *replaced.entry(label).or_default() += 1;
                        texts.push(format!("[{label}]"));
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    // Files attached to a message (images the person sent, documents).
    for f in m.get("files").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        let label = if f.get("type").and_then(Value::as_str) == Some("image") { "image" } else { "file" };
        *replaced.entry(label).or_default() += 1;
        texts.push(format!("[{label}]"));
    }
    let content = texts.join("\n\n");
    if content.trim().is_empty() {
        return None;
    }
    let created = date_of(m.get("timestamp")).unwrap_or_else(|| conversation_created.to_owned());
    let model = (role == "assistant").then(|| m.get("model").and_then(Value::as_str).map(str::to_owned)).flatten();
    let status = if m.get("error").is_some_and(|e| !e.is_null() && e != &Value::Bool(false)) {
        crate::store::status::ERROR
    } else {
        crate::store::status::COMPLETED
    };
    Some(PlannedMessage {
        keep_id: None,
        parent: None,
        role,
        content,
        parts: Vec::new(),
        model,
        status,
        metadata: empty_object(),
        refused: false,
        created_at: created.clone(),
        updated_at: created,
        images: Vec::new(),
    })
}
