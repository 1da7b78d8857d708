//! Reads what the test host needs from `spin.toml`: the HTTP routes (matched the way
//! Spin matches them), the variables' defaults and the static component's folder.

use anyhow::{Context, Result, anyhow};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Route {
    pub pattern: String,
    pub component: String,
    segments: Vec<Seg>,
    wildcard: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Literal(String),
    Param,
}

impl Route {
    pub fn new(pattern: &str, component: &str) -> Route {
        let (base, wildcard) = match pattern.strip_suffix("/...") {
            Some(b) => (b, true),
            None => (pattern, false),
        };
        let segments = base
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| if s.starts_with(':') { Seg::Param } else { Seg::Literal(s.to_owned()) })
            .collect();
        Route { pattern: pattern.to_owned(), component: component.to_owned(), segments, wildcard }
    }

    fn matches(&self, path: &[&str]) -> bool {
        if path.len() < self.segments.len() || (!self.wildcard && path.len() != self.segments.len()) {
            return false;
        }
        self.segments.iter().zip(path).all(|(seg, p)| match seg {
            Seg::Literal(l) => l == p,
            Seg::Param => true,
        })
    }

    /// Spin's precedence: exact routes beat wildcards; among wildcards the longest
    /// prefix wins; literal segments beat `:params`.
    fn rank(&self) -> (bool, usize, usize) {
        let literals = self.segments.iter().filter(|s| matches!(s, Seg::Literal(_))).count();
        (!self.wildcard, self.segments.len(), literals)
    }
}

#[derive(Debug, Clone)]
pub struct Manifest {
    pub dir: PathBuf,
    pub routes: Vec<Route>,
    /// Application variables and their defaults (`None`: required or no default).
    pub variables: HashMap<String, Option<String>>,
    /// component id → folder mounted at `/` (from `files`).
    pub files: HashMap<String, PathBuf>,
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let doc: toml::Table = text.parse().with_context(|| format!("parsing {}", path.display()))?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut routes = Vec::new();
        let triggers = doc
            .get("trigger")
            .and_then(|t| t.get("http"))
            .and_then(|h| h.as_array())
            .ok_or_else(|| anyhow!("spin.toml has no [[trigger.http]]"))?;
        for t in triggers {
            let route = t.get("route").and_then(|r| r.as_str()).ok_or_else(|| anyhow!("trigger without route"))?;
            let component = t.get("component").and_then(|c| c.as_str()).ok_or_else(|| anyhow!("trigger without component"))?;
            routes.push(Route::new(route, component));
        }
        let mut variables = HashMap::new();
        if let Some(vars) = doc.get("variables").and_then(|v| v.as_table()) {
            for (name, spec) in vars {
                let default = spec.get("default").and_then(|d| d.as_str()).map(str::to_owned);
                variables.insert(name.clone(), default);
            }
        }
        let mut files = HashMap::new();
        if let Some(components) = doc.get("component").and_then(|c| c.as_table()) {
            for (id, c) in components {
                let mount = c.get("files").and_then(|f| f.as_array()).and_then(|list| {
                    list.iter().find_map(|f| {
                        let src = f.get("source")?.as_str()?;
                        (f.get("destination")?.as_str()? == "/").then(|| dir.join(src))
                    })
                });
                if let Some(m) = mount {
                    files.insert(id.clone(), m);
                }
            }
        }
        Ok(Manifest { dir, routes, variables, files })
    }

    /// The component that serves `path`, as Spin would choose it.
    pub fn route(&self, path: &str) -> Option<&Route> {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.routes.iter().filter(|r| r.matches(&segs)).max_by_key(|r| r.rank())
    }
}
