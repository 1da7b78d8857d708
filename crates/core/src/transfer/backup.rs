//! The backup document: every row of every table (but the search index and the model
//! list cache), as JSON values.

use crate::db::Value as Sql;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `format` of a backup.
pub const BACKUP_FORMAT: &str = "nexus-backup";
/// `version` of the backup format this Nexus writes and reads.
pub const BACKUP_VERSION: i64 = 1;

/// A backup as `GET /api/admin/backup` writes it: the rows as read from SQLite, written
/// straight into the file (no JSON tree in between: a picture is in memory as its bytes
/// and, briefly, as its base64).
#[derive(Debug, Serialize)]
pub struct Backup {
    pub format: String,
    pub version: i64,
    /// The migration the database was at: a restore needs the same.
    pub schema_version: i64,
    pub created_at: String,
    pub tables: BTreeMap<String, Table>,
}

#[derive(Debug, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    #[serde(serialize_with = "rows_json")]
    pub rows: Vec<Vec<Sql>>,
}

impl Backup {
    /// About how many bytes its JSON takes (to size the buffer once).
    pub fn size_hint(&self) -> usize {
        let cell = |v: &Sql| match v {
            Sql::Blob(b) => b.len().div_ceil(3) * 4 + 14,
            Sql::Text(t) => t.len() + t.len() / 16 + 3,
            _ => 21,
        };
        4096 + self.tables.values().flat_map(|t| &t.rows).flat_map(|r| r.iter().map(cell).chain([3])).sum::<usize>()
    }
}

fn rows_json<S: serde::Serializer>(rows: &[Vec<Sql>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(rows.iter().map(|r| RowOut(r)))
}

struct RowOut<'a>(&'a [Sql]);

impl Serialize for RowOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(CellOut))
    }
}

/// An SQLite value as JSON: integers, reals, text and null as themselves, a blob as
/// `{"base64": "…"}` (a real that is not finite as null).
pub struct CellOut<'a>(pub &'a Sql);

impl Serialize for CellOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self.0 {
            Sql::Null => s.serialize_unit(),
            Sql::Integer(n) => s.serialize_i64(*n),
            Sql::Real(f) if f.is_finite() => s.serialize_f64(*f),
            Sql::Real(_) => s.serialize_unit(),
            Sql::Text(t) => s.serialize_str(t),
            Sql::Blob(b) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("base64", &base64::engine::general_purpose::STANDARD.encode(b))?;
                m.end()
            }
        }
    }
}

/// One value of a backup's row, read straight from the file into an SQLite value: the
/// reverse of [`to_json`] (`true`/`false` become 1/0). A restore reads one row at a time
/// with it, so a picture's base64 is decoded only when its row is stored.
#[derive(Debug, PartialEq)]
pub struct Cell(pub Sql);

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CellVisitor)
    }
}

struct CellVisitor;

impl<'de> serde::de::Visitor<'de> for CellVisitor {
    type Value = Cell;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number, text, null or {\"base64\": \"…\"}")
    }
    fn visit_unit<E>(self) -> Result<Cell, E> {
        Ok(Cell(Sql::Null))
    }
    fn visit_none<E>(self) -> Result<Cell, E> {
        Ok(Cell(Sql::Null))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Cell, E> {
        Ok(Cell(Sql::Integer(b as i64)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Cell, E> {
        Ok(Cell(Sql::Integer(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Cell, E> {
        Ok(Cell(i64::try_from(n).map(Sql::Integer).unwrap_or(Sql::Real(n as f64))))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Cell, E> {
        Ok(Cell(Sql::Real(f)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Cell, E> {
        Ok(Cell(Sql::Text(s.to_owned())))
    }
    fn visit_string<E>(self, s: String) -> Result<Cell, E> {
        Ok(Cell(Sql::Text(s)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Cell, A::Error> {
        use serde::de::Error;
        let key: Option<std::borrow::Cow<'de, str>> = map.next_key()?;
        if key.as_deref() != Some("base64") {
            return Err(A::Error::custom("an object must be {\"base64\": \"…\"}"));
        }
        let text: std::borrow::Cow<'de, str> = map.next_value()?;
        if map.next_key::<serde::de::IgnoredAny>()?.is_some() {
            return Err(A::Error::custom("an object must be {\"base64\": \"…\"} alone"));
        }
        let bytes = base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).map_err(|e| A::Error::custom(format!("not base64: {e}")))?;
        Ok(Cell(Sql::Blob(bytes)))
    }
}

/// A backup as a restore reads it: every row left as its JSON text (borrowed from the
/// request body, not copied) until it is stored.
#[derive(Debug, Deserialize)]
pub struct BackupIn<'a> {
    pub version: i64,
    pub schema_version: i64,
    #[serde(borrow)]
    pub tables: BTreeMap<String, TableIn<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct TableIn<'a> {
    pub columns: Vec<String>,
    #[serde(borrow)]
    pub rows: Vec<&'a serde_json::value::RawValue>,
}

/// One row of a [`TableIn`] as SQLite values; `None` if it is not a list of values.
pub fn row_values(row: &serde_json::value::RawValue) -> Option<Vec<Sql>> {
    let cells: Vec<Cell> = serde_json::from_str(row.get()).ok()?;
    Some(cells.into_iter().map(|Cell(v)| v).collect())
}

/// Just the `format` of a document (the rest is skipped, not kept).
#[derive(Debug, Deserialize)]
pub struct Head<'a> {
    #[serde(borrow, default)]
    pub format: Option<std::borrow::Cow<'a, str>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_one_at_a_time_from_borrowed_text() {
        let doc = r#"{"format":"nexus-backup","version":1,"schema_version":10,"tables":{"t":{"columns":["a","b","c","d"],
            "rows":[[1,"x\u00e9",{"base64":"AP8J"},true],[18446744073709551615,null,0.5,"\/"]]}}}"#;
        let b: BackupIn = serde_json::from_str(doc).unwrap();
        let rows = &b.tables["t"].rows;
        assert_eq!(row_values(rows[0]), Some(vec![Sql::Integer(1), Sql::Text("xé".into()), Sql::Blob(vec![0, 255, 9]), Sql::Integer(1)]));
        assert_eq!(row_values(rows[1]), Some(vec![Sql::Real(18446744073709551615.0), Sql::Null, Sql::Real(0.5), Sql::Text("/".into())]));
        for bad in [r#"[[1]]"#, r#"[{"base64":"!!"}]"#, r#"[{"base64":"AA==","x":1}]"#, r#"[{"hex":"00"}]"#, r#"{"a":1}"#] {
            let raw: Box<serde_json::value::RawValue> = serde_json::from_str(bad).unwrap();
            assert_eq!(row_values(&raw), None, "{bad}");
        }
    }

    #[test]
    fn values_go_there_and_back() {
        for v in [Sql::Null, Sql::Integer(-7), Sql::Real(0.25), Sql::Real(3.0), Sql::Text("é".into()), Sql::Blob(vec![0, 255, 9])] {
            let text = serde_json::to_string(&CellOut(&v)).unwrap();
            assert_eq!(serde_json::from_str::<Cell>(&text).unwrap(), Cell(v), "{text}");
        }
    }
}
