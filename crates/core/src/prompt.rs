//! Prompt assembly: what the model is sent for a new message.

use crate::provider::ChatMessage;

/// `[system, ...branch, user]`: the system prompt (if not blank), every message on the
/// branch being answered — user messages, and replies that have text (also one cut
/// short: its text is what the user saw) — then the new user message, if any (a
/// regenerated reply answers the branch's last message).
pub fn assemble(system: Option<&str>, branch: &[(String, String)], user: Option<&str>) -> Vec<ChatMessage> {
    let mut out = Vec::with_capacity(branch.len() + 2);
    if let Some(s) = system.filter(|s| !s.trim().is_empty()) {
        out.push(ChatMessage::new("system", s));
    }
    for (role, content) in branch {
        match role.as_str() {
            "user" => out.push(ChatMessage::new("user", content)),
            "assistant" if !content.trim().is_empty() => out.push(ChatMessage::new("assistant", content)),
            _ => {}
        }
    }
    if let Some(u) = user {
        out.push(ChatMessage::new("user", u));
    }
    out
}
