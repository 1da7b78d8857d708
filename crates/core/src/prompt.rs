//! Prompt assembly: what the model is sent for a new message.

use crate::store::Message;
use crate::upstream::ChatMessage;

/// `[system, ...history, user]`: the system prompt (if not blank), every earlier user
/// message and every earlier assistant reply that has text (also one cut short: its
/// text is what the user saw), then the new user message.
pub fn assemble(system: Option<&str>, history: &[Message], user: &str) -> Vec<ChatMessage> {
    let mut out = Vec::with_capacity(history.len() + 2);
    if let Some(s) = system.filter(|s| !s.trim().is_empty()) {
        out.push(ChatMessage::new("system", s));
    }
    for m in history {
        match m.role.as_str() {
            "user" => out.push(ChatMessage::new("user", &m.content)),
            "assistant" if !m.content.trim().is_empty() => out.push(ChatMessage::new("assistant", &m.content)),
            _ => {}
        }
    }
    out.push(ChatMessage::new("user", user));
    out
}
