//! Provider connections: the server connection (the instance settings and variables,
//! id [`SERVER_ID`]) and the stored ones — the household's (admins manage them) and
//! each person's own (when an admin allows it). Who may see, use and edit which, where
//! a connection may connect (Spin's outbound allow-list), and its key, sealed with the
//! connection id as associated data, live here; handlers only call it.

use crate::crypto::Keys;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::platform::Platform;
use crate::provider::{KINDS, Kind, Provider, origin_of};
use crate::secret::Secret;
use crate::settings::{Settings, mask};
use crate::store::connections::{self as store, ConnectionRow};
use serde::Serialize;

/// The id the server connection answers to (a conversation stores it as NULL).
pub const SERVER_ID: &str = "default";
/// The `config` key that lets members add their own connections ("true"/"false", default false).
pub const ALLOW_MEMBERS_KEY: &str = "allow_member_connections";
/// Variables naming extra hosts a connection may use, with what each is for. Their
/// values are also in spin.toml's `allowed_outbound_hosts` (Spin enforces that list;
/// Nexus checks a new connection against the same list first, to say what to set).
pub const HOST_VARIABLES: &[(&str, &str)] = &[
    ("local_allowed_host", "a local or LAN server (Ollama, LM Studio, llama.cpp, vLLM)"),
    ("openrouter_allowed_host", "the server connection's base URL"),
];
/// Longest connection name.
pub const MAX_NAME_CHARS: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Server,
    Household,
    Personal,
}

/// A connection as Nexus uses it: its key revealed (hidden from `Debug`).
#[derive(Debug, Clone)]
pub struct Connection {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    pub base_url: String,
    pub scope: Scope,
    pub owner_id: Option<String>,
    pub enabled: bool,
    key: Option<Secret>,
    key_hint: Option<String>,
    /// Why a stored key cannot be used (it does not decrypt), if so.
    key_problem: Option<String>,
    pub created_at: Option<String>,
}

/// What the API shows of a connection: never the key.
#[derive(Debug, Serialize)]
pub struct ConnectionView {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    pub base_url: String,
    pub scope: Scope,
    pub enabled: bool,
    pub key: KeyView,
    pub editable: bool,
    pub created_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct KeyView {
    pub configured: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Who is asking: what they may see, use and edit depends on it.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    pub user_id: &'a str,
    pub admin: bool,
    /// Whether an admin lets members add (and use) their own connections.
    pub members_may_add: bool,
}

impl Caller<'_> {
    pub fn may_add(&self) -> bool {
        self.admin || self.members_may_add
    }
}

/// The associated data a connection's key is sealed with.
pub fn aad(id: &str) -> String {
    format!("connection:{id}")
}

/// `None` for the server connection (`None` or [`SERVER_ID`]), else the id.
pub fn stored_id(id: Option<&str>) -> Option<&str> {
    id.filter(|i| *i != SERVER_ID)
}

impl Connection {
    /// The server connection, from the instance settings.
    pub fn server(settings: &Settings) -> Connection {
        let provider = settings.provider();
        Connection {
            id: SERVER_ID.into(),
            kind: provider.kind,
            name: provider.kind.info().label.split(" (").next().unwrap_or("Server").to_owned(),
            base_url: provider.base_url.clone(),
            scope: Scope::Server,
            owner_id: None,
            enabled: true,
            key_hint: provider.api_key.as_ref().map(|k| mask(k.expose())),
            key: provider.api_key,
            key_problem: settings.api_key_problem().map(str::to_owned),
            created_at: None,
        }
    }

    /// A stored connection, its key revealed with `keys` (a problem noted if it cannot be).
    pub fn from_row(keys: &Result<Keys, String>, row: ConnectionRow) -> Connection {
        let (key, key_problem) = if row.sealed_key.is_empty() {
            (None, None)
        } else {
            match keys.as_ref().map_err(Clone::clone).and_then(|k| k.reveal(&aad(&row.id), &row.sealed_key)) {
                Ok(k) => (Some(k), None),
                Err(problem) => (None, Some(problem)),
            }
        };
        Connection {
            kind: Kind::parse(&row.kind).unwrap_or(Kind::Compatible),
            scope: if row.owner_id.is_some() { Scope::Personal } else { Scope::Household },
            key_hint: (!row.key_hint.is_empty()).then_some(row.key_hint),
            id: row.id,
            name: row.name,
            base_url: row.base_url,
            owner_id: row.owner_id,
            enabled: row.enabled,
            key,
            key_problem,
            created_at: Some(row.created_at),
        }
    }

    pub fn provider(&self) -> Provider {
        Provider::new(self.kind, self.base_url.clone(), self.key.clone())
    }

    pub fn has_key(&self) -> bool {
        self.key.is_some()
    }

    /// Whether `caller` may change it (the server connection: admins, through Settings).
    pub fn editable_by(&self, caller: &Caller) -> bool {
        match self.scope {
            Scope::Server | Scope::Household => caller.admin,
            Scope::Personal => self.owner_id.as_deref() == Some(caller.user_id),
        }
    }

    /// Whether `caller` may send with it now.
    pub fn usable_by(&self, caller: &Caller) -> bool {
        match self.scope {
            Scope::Server | Scope::Household => true,
            Scope::Personal => self.owner_id.as_deref() == Some(caller.user_id) && caller.may_add(),
        }
    }

    /// Whether it can be asked anything: enabled, and a key where the kind needs one.
    pub fn ready(&self) -> bool {
        self.enabled && (self.has_key() || !self.kind.info().needs_key)
    }

    pub fn view(&self, caller: &Caller) -> ConnectionView {
        let editable = self.editable_by(caller);
        ConnectionView {
            id: self.id.clone(),
            kind: self.kind,
            name: self.name.clone(),
            base_url: self.base_url.clone(),
            scope: self.scope,
            enabled: self.enabled,
            key: KeyView {
                configured: self.has_key(),
                hint: self.key_hint.clone().filter(|_| editable),
                problem: self.key_problem.clone().filter(|_| editable),
            },
            editable,
            created_at: self.created_at.clone(),
        }
    }
}

/// Who `auth` is, for the connection rules (reads whether members may add connections).
pub async fn caller<'a>(db: &impl Db, auth: &'a crate::auth::Auth) -> ApiResult<Caller<'a>> {
    let config = crate::store::settings_for(db, "").await?;
    Ok(Caller { user_id: auth.user_id(), admin: auth.user.is_admin(), members_may_add: members_may_add(&config) })
}

/// Whether the instance lets members add their own connections.
pub fn members_may_add(config: &std::collections::HashMap<String, String>) -> bool {
    config.get(ALLOW_MEMBERS_KEY).is_some_and(|v| v == "true")
}

/// Every connection `caller` can see: the server connection first, then the household's,
/// then their own.
pub async fn visible<P: Platform>(p: &P, db: &impl Db, caller: &Caller<'_>, settings: &Settings) -> ApiResult<Vec<Connection>> {
    let keys = Keys::load(p).await;
    let mut all = vec![Connection::server(settings)];
    all.extend(store::list(db, caller.user_id).await?.into_iter().map(|row| Connection::from_row(&keys, row)));
    Ok(all)
}

/// One stored connection `caller` can see, or 404 (another person's is never revealed).
pub async fn find<P: Platform>(p: &P, db: &impl Db, caller: &Caller<'_>, id: &str) -> ApiResult<Connection> {
    let row = store::get(db, caller.user_id, id).await?.ok_or_else(|| no_such_connection(id))?;
    Ok(Connection::from_row(&Keys::load(p).await, row))
}

pub fn no_such_connection(id: &str) -> ApiError {
    ApiError::NotFound(format!("No provider connection you can use has the id {id:?}. List them with GET /api/settings/connections."))
}

/// The connection a conversation names, checked usable by `caller` (404 unknown or
/// not theirs, 409 disabled). Needs no key: the conversations component uses it.
pub async fn check_usable(db: &impl Db, caller: &Caller<'_>, id: Option<&str>) -> ApiResult<()> {
    let Some(id) = stored_id(id) else { return Ok(()) };
    let row = store::get(db, caller.user_id, id).await?.ok_or_else(|| no_such_connection(id))?;
    let c = Connection::from_row(&Err(String::new()), row);
    if !c.usable_by(caller) {
        return Err(no_such_connection(id));
    }
    if !c.enabled {
        return Err(disabled(&c));
    }
    Ok(())
}

fn disabled(c: &Connection) -> ApiError {
    ApiError::ConflictCode {
        code: "connection_disabled",
        message: format!("The provider connection {:?} is turned off. Turn it on in Settings → Providers, or choose a model of another connection.", c.name),
    }
}

/// The connection a reply is to come from, ready to send with.
pub async fn for_reply<P: Platform>(p: &P, db: &impl Db, caller: &Caller<'_>, settings: &Settings, id: Option<&str>) -> ApiResult<Connection> {
    let Some(id) = stored_id(id) else { return Ok(Connection::server(settings)) };
    let c = find(p, db, caller, id).await?;
    if !c.usable_by(caller) {
        return Err(no_such_connection(id));
    }
    if !c.enabled {
        return Err(disabled(&c));
    }
    Ok(c)
}

/// The origins a connection may use: the known providers' and the hosts the variables
/// in [`HOST_VARIABLES`] name.
pub async fn allowed_hosts<P: Platform>(p: &P) -> Vec<String> {
    let mut hosts: Vec<String> = KINDS.iter().filter_map(|k| k.base_url).map(origin_of).collect();
    for (var, _) in HOST_VARIABLES {
        if let Some(v) = p.variable(var).await {
            for h in v.split(',').map(str::trim).filter(|h| !h.is_empty()) {
                hosts.push(origin_of(h));
            }
        }
    }
    hosts.dedup();
    hosts
}

/// 400 `host_not_allowed` unless `base_url`'s origin is in `allowed`, saying which variable to set.
pub fn check_host(allowed: &[String], base_url: &str) -> ApiResult<()> {
    let origin = origin_of(base_url);
    if allowed.contains(&origin) {
        return Ok(());
    }
    let (var, what) = HOST_VARIABLES[0];
    let mut extra = serde_json::Map::new();
    extra.insert("variable".into(), var.into());
    extra.insert("host".into(), origin.clone().into());
    Err(ApiError::Invalid {
        code: "host_not_allowed",
        message: format!(
            "Nexus may not connect to {origin} yet: the server only reaches the hosts it lists. For {what}, set \
             SPIN_VARIABLE_{}={origin} in .env (or the environment) and restart Nexus, then add the connection again.",
            var.to_uppercase()
        ),
        extra: Some(extra),
    })
}
