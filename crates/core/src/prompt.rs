//! Prompt assembly: what the model is sent for a new message.

use crate::db::Db;
use crate::images::IMAGE_PLACEHOLDER;
use crate::provider::{ChatImage, ChatMessage};
use crate::store::{self, Turn};
use base64::Engine;

/// `[system, ...branch, user]`: the system prompt (if not blank), every message on the
/// branch being answered — user messages, and replies that have text (also one cut
/// short: its text is what the user saw) — then the new user message, if any (a
/// regenerated reply answers the branch's last message), with `user_images` (picture
/// ids). A user message's pictures go with it for a model that sees pictures
/// (`model_images`; their bytes are read by [`load_images`]); for another model each
/// stands as [`IMAGE_PLACEHOLDER`] before the text.
pub fn assemble(system: Option<&str>, branch: &[Turn], user: Option<&str>, user_images: &[String], model_images: bool) -> Vec<ChatMessage> {
    let mut out = Vec::with_capacity(branch.len() + 2);
    if let Some(s) = system.filter(|s| !s.trim().is_empty()) {
        out.push(ChatMessage::new("system", s));
    }
    for t in branch {
        match t.role.as_str() {
            "user" => out.push(user_message(&t.text, &t.images, model_images)),
            "assistant" if !t.text.trim().is_empty() => out.push(ChatMessage::new("assistant", &t.text)),
            _ => {}
        }
    }
    if let Some(u) = user {
        out.push(user_message(u, user_images, model_images));
    }
    out
}

fn user_message(text: &str, images: &[String], model_images: bool) -> ChatMessage {
    if images.is_empty() {
        return ChatMessage::new("user", text);
    }
    if !model_images {
        let mut lines: Vec<&str> = images.iter().map(|_| IMAGE_PLACEHOLDER).collect();
        if !text.is_empty() {
            lines.push(text);
        }
        return ChatMessage::new("user", &lines.join("\n"));
    }
    let mut m = ChatMessage::new("user", text);
    m.images = images.iter().map(|id| ChatImage { id: id.clone(), media_type: String::new(), data: String::new() }).collect();
    m
}

/// Reads the bytes of every picture in `messages` (as `owner`'s: the conversation's
/// owner uploaded them) and puts them in base64. A picture that is gone (its message
/// deleted meanwhile) becomes [`IMAGE_PLACEHOLDER`].
pub async fn load_images(db: &impl Db, owner: &str, messages: &mut [ChatMessage]) -> anyhow::Result<()> {
    for m in messages.iter_mut().filter(|m| !m.images.is_empty()) {
        let mut kept = Vec::with_capacity(m.images.len());
        let mut missing = 0;
        for mut img in std::mem::take(&mut m.images) {
            match store::images::blob(db, owner, &img.id).await? {
                Some(b) => {
                    img.media_type = b.content_type;
                    img.data = base64::engine::general_purpose::STANDARD.encode(&b.data);
                    kept.push(img);
                }
                None => missing += 1,
            }
        }
        if missing > 0 {
            let mut lines = vec![IMAGE_PLACEHOLDER; missing];
            if !m.content.is_empty() {
                lines.push(&m.content);
            }
            m.content = lines.join("\n");
        }
        m.images = kept;
    }
    Ok(())
}

/// Whether any message of the branch has pictures.
pub fn has_images(branch: &[Turn]) -> bool {
    branch.iter().any(|t| !t.images.is_empty())
}
