//! The backup document: every row of every table (but the search index and the model
//! list cache), as JSON values.

use crate::db::Value as Sql;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// `format` of a backup.
pub const BACKUP_FORMAT: &str = "nexus-backup";
/// `version` of the backup format this Nexus writes and reads.
pub const BACKUP_VERSION: i64 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: i64,
    /// The migration the database was at: a restore needs the same.
    pub schema_version: i64,
    #[serde(default)]
    pub created_at: String,
    pub tables: BTreeMap<String, Table>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// An SQLite value as JSON: integers, reals, text and null as themselves, a blob as
/// `{"base64": "…"}`.
pub fn to_json(v: &Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(n) => Value::from(*n),
        Sql::Real(f) => serde_json::Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null),
        Sql::Text(s) => Value::String(s.clone()),
        Sql::Blob(b) => serde_json::json!({ "base64": base64::engine::general_purpose::STANDARD.encode(b) }),
    }
}

/// The reverse of [`to_json`]; `None` for a value no column can hold.
pub fn from_json(v: &Value) -> Option<Sql> {
    Some(match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64()?),
        },
        Value::String(s) => Sql::Text(s.clone()),
        Value::Object(o) if o.len() == 1 => Sql::Blob(base64::engine::general_purpose::STANDARD.decode(o.get("base64")?.as_str()?).ok()?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_there_and_back() {
        for v in [Sql::Null, Sql::Integer(-7), Sql::Real(0.25), Sql::Real(3.0), Sql::Text("é".into()), Sql::Blob(vec![0, 255, 9])] {
            let json = to_json(&v);
            let text = serde_json::to_string(&json).unwrap();
            assert_eq!(from_json(&serde_json::from_str(&text).unwrap()), Some(v), "{text}");
        }
    }
}
