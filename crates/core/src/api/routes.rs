//! Route tables: each component lists its routes as data (method, path pattern, who may
//! call it, handler name). The entry point (`api::handle`) finds the route, enforces its
//! [`Access`] before any handler runs, and the component dispatches on the name. Tests
//! read the same tables (the isolation matrix covers every route, including new ones).

use crate::error::ApiError;
use http::Method;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (sign-in, first-run setup, health, the static UI).
    Public,
    /// A signed-in user; the handler sees only that user's data.
    User,
    /// A signed-in admin.
    Admin,
}

/// One route: `path` is a pattern of literal segments, `{name}` (one segment, a
/// parameter) and a final `...` (any rest).
#[derive(Debug)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub name: &'static str,
}

impl Route {
    pub const fn new(method: Method, path: &'static str, access: Access, name: &'static str) -> Route {
        Route { method, path, access, name }
    }

    /// The pattern's `{…}` parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }
}

/// The route a request matched, with its path parameters in pattern order.
#[derive(Debug)]
pub struct Matched {
    pub route: &'static Route,
    pub params: Vec<String>,
}

impl Matched {
    /// Parameter `i` (in the pattern's order).
    pub fn param(&self, i: usize) -> &str {
        self.params.get(i).map(String::as_str).unwrap_or("")
    }
}

fn match_path(pattern: &str, segs: &[&str]) -> Option<Vec<String>> {
    let pat: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let mut params = Vec::new();
    for (i, p) in pat.iter().enumerate() {
        if *p == "..." {
            return Some(params);
        }
        let s = segs.get(i)?;
        if p.starts_with('{') {
            params.push((*s).to_owned());
        } else if p != s {
            return None;
        }
    }
    (segs.len() == pat.len()).then_some(params)
}

/// The route for `method` and `path`; 405 (with the methods the path takes) or 404 otherwise.
pub fn find(table: &'static [Route], method: &Method, path: &str) -> Result<Matched, ApiError> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut allow: Vec<&str> = Vec::new();
    for route in table {
        if let Some(params) = match_path(route.path, &segs) {
            if route.method == *method || (*method == Method::HEAD && route.method == Method::GET) {
                return Ok(Matched { route, params });
            }
            if !allow.contains(&route.method.as_str()) {
                allow.push(route.method.as_str());
            }
        }
    }
    if allow.is_empty() {
        Err(super::not_found())
    } else {
        Err(ApiError::MethodNotAllowed { allow: allow.join(", ") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: &[Route] = &[
        Route::new(Method::GET, "/api/things", Access::User, "list"),
        Route::new(Method::POST, "/api/things", Access::User, "create"),
        Route::new(Method::GET, "/api/things/{id}/parts/{pid}", Access::User, "part"),
        Route::new(Method::GET, "/...", Access::Public, "files"),
    ];

    #[test]
    fn finds_routes_with_their_parameters() {
        let m = find(TABLE, &Method::GET, "/api/things/a1/parts/b2").unwrap();
        assert_eq!((m.route.name, m.param(0), m.param(1)), ("part", "a1", "b2"));
        assert_eq!(m.route.params().collect::<Vec<_>>(), ["id", "pid"]);
        assert_eq!(find(TABLE, &Method::POST, "/api/things/").unwrap().route.name, "create");
        assert_eq!(find(TABLE, &Method::HEAD, "/api/things").unwrap().route.name, "list");
        assert_eq!(find(TABLE, &Method::GET, "/index.html").unwrap().route.name, "files");
        assert_eq!(find(TABLE, &Method::GET, "/").unwrap().route.name, "files");
    }

    #[test]
    fn wrong_method_is_405_with_allow_and_unknown_is_404() {
        match find(TABLE, &Method::DELETE, "/api/things") {
            Err(ApiError::MethodNotAllowed { allow }) => assert_eq!(allow, "GET, POST"),
            other => panic!("{other:?}"),
        }
        static API_ONLY: &[Route] = &[Route::new(Method::GET, "/api/things", Access::User, "list")];
        assert!(matches!(find(API_ONLY, &Method::GET, "/api/other"), Err(ApiError::NotFound(_))));
        assert!(matches!(find(API_ONLY, &Method::GET, "/api/things/x"), Err(ApiError::NotFound(_))));
    }
}
