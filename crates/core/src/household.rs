//! The household's rules as the handlers apply them: each person's limits (refused
//! before anything is stored or sent, with a sentence saying why) and the order in which
//! the shared and personal contexts reach the model.

use crate::error::ApiError;
use crate::store::household::Limits;

/// Longest household context, in characters.
pub const MAX_CONTEXT_CHARS: usize = 20_000;
/// Longest "about me", in characters.
pub const MAX_ABOUT_ME_CHARS: usize = 5_000;
/// The preference key of a person's "about me".
pub const ABOUT_ME_KEY: &str = "about_me";
/// The preference key of a person's language (`""`: the browser's).
pub const LANGUAGE_KEY: &str = "language";
/// Languages a person can choose.
pub const LANGUAGES: [&str; 3] = ["", "en", "ru"];
/// What introduces a person's "about me" in the system message.
pub const ABOUT_ME_HEADING: &str = "About the person you are talking with:";

/// 403 `model_not_allowed` unless the person's limits allow `model`.
pub fn check_model(limits: &Limits, model: &str) -> Result<(), ApiError> {
    if limits.allows_model(model) {
        return Ok(());
    }
    let list = limits.allowed_models.as_deref().unwrap_or_default().join(", ");
    Err(ApiError::Forbidden {
        code: "model_not_allowed",
        message: format!("The model {model:?} is not one you may use here; an admin allows: {list}."),
    })
}

/// 403 `chat_limit` if `active` chats are already the most allowed.
pub fn check_chat_count(limits: &Limits, active: i64) -> Result<(), ApiError> {
    match limits.max_chats {
        Some(max) if active >= max => Err(ApiError::Forbidden {
            code: "chat_limit",
            message: format!(
                "You have {active} active chats, the most an admin allows you ({max}). Archive or delete one to start another."
            ),
        }),
        _ => Ok(()),
    }
}

/// 403 `budget_exhausted` if this month's tokens reached the budget.
pub fn check_budget(limits: &Limits, tokens_this_month: i64) -> Result<(), ApiError> {
    match limits.monthly_token_budget {
        Some(budget) if tokens_this_month >= budget => Err(ApiError::Forbidden {
            code: "budget_exhausted",
            message: format!(
                "You have used {tokens_this_month} of your {budget} tokens for this month. Ask an admin to raise your budget, or wait for next month."
            ),
        }),
        _ => Ok(()),
    }
}

/// The system message: the household context, then the person's "about me", then the
/// conversation's system prompt — each only if it has text.
pub fn system_text(household: Option<&str>, about_me: Option<&str>, prompt: Option<&str>) -> Option<String> {
    let parts: Vec<String> = [
        household.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned),
        about_me.map(str::trim).filter(|s| !s.is_empty()).map(|a| format!("{ABOUT_ME_HEADING}\n{a}")),
        prompt.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_text_orders_household_then_person_then_prompt() {
        assert_eq!(system_text(None, None, None), None);
        assert_eq!(system_text(Some(" "), Some(""), Some("P")).as_deref(), Some("P"));
        assert_eq!(
            system_text(Some("H"), Some("I like tea."), Some("P")).as_deref(),
            Some("H\n\nAbout the person you are talking with:\nI like tea.\n\nP")
        );
    }

    #[test]
    fn limits_refuse_with_codes() {
        let l = Limits { max_chats: Some(2), monthly_token_budget: Some(100), allowed_models: Some(vec!["a/b".into()]), ..Limits::default() };
        assert!(check_chat_count(&l, 1).is_ok());
        assert_eq!(check_chat_count(&l, 2).unwrap_err().code(), "chat_limit");
        assert!(check_budget(&l, 99).is_ok());
        assert_eq!(check_budget(&l, 100).unwrap_err().code(), "budget_exhausted");
        assert!(check_model(&l, "a/b").is_ok());
        assert_eq!(check_model(&l, "c/d").unwrap_err().code(), "model_not_allowed");
        assert!(check_model(&Limits::default(), "anything").is_ok());
    }
}
