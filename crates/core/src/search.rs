//! What a person types into the search box, made into a safe SQLite FTS5 query, and
//! the words it matched marked in a snippet (plain text segments, never HTML). Pure code, tested natively.
//!
//! The person's words are never FTS5 syntax: every word becomes a quoted string (so
//! `AND`, `NEAR`, `*`, `:`, `(` are text), and the only operators are the ones built
//! here from the documented conventions: a word matches as a prefix, `"two words"` is
//! a phrase, `-word` excludes, `OR` between two words matches either. No input makes
//! the query fail (a query with no letters or digits is `None`: no results).

use serde::Serialize;

/// Longest search text taken, in characters (the rest is ignored).
pub const MAX_QUERY_CHARS: usize = 500;
/// Most terms a query is made of (the rest are ignored).
pub const MAX_TERMS: usize = 20;
/// At most this many `е` of one word also try `ё` (2^n variants of the word).
const MAX_YO_VARIANTS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
enum Term {
    /// Tokens matched in order; `prefix`: the last one as a prefix.
    Words { tokens: Vec<String>, prefix: bool },
}

#[derive(Debug, Clone, PartialEq)]
struct Item {
    negated: bool,
    /// Alternatives (`a OR b`); one for a plain term.
    any_of: Vec<Term>,
}

/// Splits text into the tokens FTS5's unicode61 tokenizer would see (letters and
/// digits; everything else separates).
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// The person's text as items: phrases, words, `-` and `OR`.
fn parse(input: &str) -> Vec<Item> {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    // Raw pieces: (text, quoted).
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let phrase: String = chars.by_ref().take_while(|&c| c != '"').collect();
            pieces.push((phrase, true));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || (c == '"' && !word.is_empty() && !word.ends_with('-')) {
                    break;
                }
                word.push(c);
                chars.next();
                if c == '"' {
                    // `-"phrase"`: the rest up to the closing quote is the phrase.
                    let phrase: String = chars.by_ref().take_while(|&c| c != '"').collect();
                    word.push_str(&phrase);
                    word.push('"');
                    break;
                }
            }
            pieces.push((word, false));
        }
    }
    let mut items: Vec<Item> = Vec::new();
    let mut or_next = false;
    for (text, quoted) in pieces {
        if !quoted && text == "OR" {
            or_next = !items.is_empty();
            continue;
        }
        let (negated, body, phrase) = match (quoted, text.strip_prefix('-')) {
            (false, Some(rest)) if !rest.is_empty() => {
                let phrase = rest.starts_with('"');
                (true, rest.trim_matches('"').to_owned(), phrase)
            }
            _ => (false, text, quoted),
        };
        let toks = tokens(&body);
        if toks.is_empty() {
            or_next = false;
            continue;
        }
        // A word of one letter matches whole: a one-letter prefix would merge the lists
        // of every word with that letter (FTS5 keeps prefix indexes for 2 and 3).
        let prefix = !phrase && toks.last().is_some_and(|t| t.chars().count() > 1);
        let term = Term::Words { tokens: toks, prefix };
        match items.last_mut() {
            Some(last) if or_next && !negated && !last.negated => last.any_of.push(term),
            _ => items.push(Item { negated, any_of: vec![term] }),
        }
        or_next = false;
        if items.len() >= MAX_TERMS {
            break;
        }
    }
    items
}

/// A quoted FTS5 string (`"` doubled inside).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The word with `е` → `ё` variants (Russian writes ё as е more often than not, and
/// unicode61 does not fold them); the word itself first.
fn yo_variants(word: &str) -> Vec<String> {
    let lower: Vec<char> = word.chars().collect();
    let positions: Vec<usize> = lower
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, 'е' | 'Е' | 'ё' | 'Ё'))
        .map(|(i, _)| i)
        .take(MAX_YO_VARIANTS)
        .collect();
    let mut out = Vec::new();
    for mask in 0..(1usize << positions.len()) {
        let mut chars = lower.clone();
        for (bit, &i) in positions.iter().enumerate() {
            let upper = chars[i].is_uppercase();
            chars[i] = match (mask >> bit & 1 == 1, upper) {
                (false, false) => 'е',
                (false, true) => 'Е',
                (true, false) => 'ё',
                (true, true) => 'Ё',
            };
        }
        let v: String = chars.into_iter().collect();
        if !out.contains(&v) {
            out.push(v);
        }
    }
    if let Some(pos) = out.iter().position(|v| v == word) {
        let w = out.remove(pos);
        out.insert(0, w);
    }
    out
}

fn term_sql(term: &Term) -> String {
    let Term::Words { tokens, prefix } = term;
    // Each token's е/ё variants multiply: only the phrase as typed and as spelled with
    // ё/е throughout are tried when there are several tokens.
    let star = if *prefix { "*" } else { "" };
    if tokens.len() == 1 {
        let variants: Vec<String> = yo_variants(&tokens[0]).iter().map(|v| format!("{}{star}", quoted(v))).collect();
        return if variants.len() == 1 { variants[0].clone() } else { format!("({})", variants.join(" OR ")) };
    }
    let phrase = tokens.join(" ");
    let mut variants = vec![phrase.clone()];
    for alt in [phrase.replace(['ё', 'Ё'], "е"), phrase.replace('е', "ё")] {
        if !variants.contains(&alt) {
            variants.push(alt);
        }
    }
    let parts: Vec<String> = variants.iter().map(|v| format!("{}{star}", quoted(v))).collect();
    if parts.len() == 1 { parts[0].clone() } else { format!("({})", parts.join(" OR ")) }
}

/// The FTS5 MATCH expression for what was typed; `None` when nothing in it can match
/// (no letters or digits, or only exclusions).
pub fn fts_query(input: &str) -> Option<String> {
    let items = parse(input);
    let item_sql = |i: &Item| {
        let alts: Vec<String> = i.any_of.iter().map(term_sql).collect();
        if alts.len() == 1 { alts[0].clone() } else { format!("({})", alts.join(" OR ")) }
    };
    let positive: Vec<String> = items.iter().filter(|i| !i.negated).map(item_sql).collect();
    if positive.is_empty() {
        return None;
    }
    let mut q = format!("({})", positive.join(" AND "));
    for neg in items.iter().filter(|i| i.negated) {
        q.push_str(&format!(" NOT {}", item_sql(neg)));
    }
    Some(q)
}

/// Characters of a message a snippet shows.
pub const SNIPPET_CHARS: usize = 200;
/// Characters before the first hit that a snippet starts with, at most.
const SNIPPET_LEAD: usize = 60;

/// Which words of a text a query matched, for snippets: the query's positive words
/// (lowercase, `ё` as `е`), each whole or as a prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    words: Vec<(String, bool)>,
}

fn fold(word: &str) -> String {
    word.to_lowercase().replace('ё', "е")
}

impl Matcher {
    pub fn new(input: &str) -> Matcher {
        let mut words = Vec::new();
        for item in parse(input).iter().filter(|i| !i.negated) {
            for Term::Words { tokens, prefix } in &item.any_of {
                for (i, t) in tokens.iter().enumerate() {
                    words.push((fold(t), *prefix && i + 1 == tokens.len()));
                }
            }
        }
        Matcher { words }
    }

    fn hits(&self, token: &str) -> bool {
        let t = fold(token);
        self.words.iter().any(|(w, prefix)| if *prefix { t.starts_with(w.as_str()) } else { t == *w })
    }

    /// `text` as segments with the matched words marked: the whole text (titles).
    pub fn highlight(&self, text: &str) -> Vec<Segment> {
        self.mark(text, 0, text.len())
    }

    /// About [`SNIPPET_CHARS`] of `text` around its first matched word, `…` where cut.
    pub fn snippet(&self, text: &str) -> Vec<Segment> {
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = word_spans(&flat).into_iter().find(|&(s, e)| self.hits(&flat[s..e])).map(|(s, _)| s).unwrap_or(0);
        // Start up to SNIPPET_LEAD characters before the hit, at a word's start.
        let lead_start = flat[..first].char_indices().rev().nth(SNIPPET_LEAD.saturating_sub(1)).map(|(i, _)| i).unwrap_or(0);
        let start = if lead_start == 0 { 0 } else { flat[lead_start..].find(' ').map(|i| lead_start + i + 1).filter(|&i| i <= first).unwrap_or(first) };
        let end = flat[start..].char_indices().nth(SNIPPET_CHARS).map(|(i, _)| start + i).unwrap_or(flat.len());
        let end = if end < flat.len() { flat[..end].rfind(' ').filter(|&i| i > first).unwrap_or(end) } else { end };
        let mut out = Vec::new();
        if start > 0 {
            out.push(Segment { text: "…".into(), hit: false });
        }
        out.extend(self.mark(&flat, start, end));
        if end < flat.len() {
            out.push(Segment { text: "…".into(), hit: false });
        }
        merge(out)
    }

    fn mark(&self, text: &str, start: usize, end: usize) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut at = start;
        for (s, e) in word_spans(&text[start..end]).into_iter().map(|(s, e)| (s + start, e + start)) {
            if self.hits(&text[s..e]) {
                if s > at {
                    out.push(Segment { text: text[at..s].into(), hit: false });
                }
                out.push(Segment { text: text[s..e].into(), hit: true });
                at = e;
            }
        }
        if end > at {
            out.push(Segment { text: text[at..end].into(), hit: false });
        }
        merge(out)
    }
}

/// Byte spans of the words (runs of letters and digits) of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

fn merge(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for seg in segments.into_iter().filter(|s| !s.text.is_empty()) {
        match out.last_mut() {
            Some(last) if last.hit == seg.hit => last.text.push_str(&seg.text),
            _ => out.push(seg),
        }
    }
    out
}

/// A piece of a snippet: plain text, `hit` where the query matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_prefixes() {
        assert_eq!(fts_query("hello wor").unwrap(), r#"("hello"* AND "wor"*)"#);
    }

    #[test]
    fn phrases_exclusions_and_or() {
        assert_eq!(fts_query(r#""big cat" -dog"#).unwrap(), r#"("big cat") NOT "dog"*"#);
        assert_eq!(fts_query("cat OR dog fish").unwrap(), r#"(("cat"* OR "dog"*) AND "fish"*)"#);
        assert_eq!(fts_query(r#"-"big dog" cat"#).unwrap(), r#"("cat"*) NOT "big dog""#);
    }

    #[test]
    fn operators_and_syntax_are_text() {
        // A word with punctuation inside is the phrase of its parts (as "e-mail" is).
        assert_eq!(fts_query("NEAR(a b) AND c*").unwrap(), r#"("NEAR a" AND "b" AND "AND"* AND "c")"#);
        assert_eq!(fts_query("col:val ^x").unwrap(), r#"("col val"* AND "x")"#);
        assert_eq!(fts_query("OR cat OR").unwrap(), r#"("cat"*)"#);
    }

    #[test]
    fn garbage_matches_nothing() {
        for q in ["", "   ", "\"", "\"\"", "*", "-", "---", "()", "!!! ???", "-cat", "OR", "\"\"\"\"\""] {
            assert_eq!(fts_query(q), None, "{q:?}");
        }
        // An unclosed quote is a phrase to the end.
        assert_eq!(fts_query("\"big cat").unwrap(), r#"("big cat")"#);
    }

    #[test]
    fn russian_e_also_finds_yo() {
        assert_eq!(fts_query("елка").unwrap(), r#"(("елка"* OR "ёлка"*))"#);
        assert_eq!(fts_query("ёлка").unwrap(), r#"(("ёлка"* OR "елка"*))"#);
        assert_eq!(fts_query("кошка").unwrap(), r#"("кошка"*)"#);
        assert_eq!(yo_variants("береза").len(), 4);
        assert_eq!(yo_variants("еееееее").len(), 8, "bounded");
    }

    #[test]
    fn long_input_is_bounded() {
        let q = "word ".repeat(1000);
        let sql = fts_query(&q).unwrap();
        assert_eq!(sql.matches("\"word\"*").count(), MAX_TERMS);
    }

    fn shown(segs: &[Segment]) -> String {
        segs.iter().map(|s| if s.hit { format!("[{}]", s.text) } else { s.text.clone() }).collect()
    }

    #[test]
    fn snippets_mark_the_words_the_query_matched() {
        let m = Matcher::new("colos \"opens at\" -nine ЕЛКА");
        assert_eq!(shown(&m.highlight("The Colosseum opens at nine")), "The [Colosseum] [opens] [at] nine");
        assert_eq!(shown(&m.highlight("На ёлку! Ёлка…")), "На ёлку! [Ёлка]…", "whole word: елка, not елку");
        let long = format!("{} the colosseum {}", "word ".repeat(100), "more ".repeat(100));
        let s = shown(&m.snippet(&long));
        assert!(s.starts_with("…word ") && s.contains("the [colosseum] more") && s.ends_with("more…"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 10, "{}", s.chars().count());
        // No hit (a folding FTS5 did that this does not): the start of the text.
        assert_eq!(shown(&Matcher::new("cafe").snippet("Café au lait")), "Café au lait");
        assert_eq!(shown(&Matcher::new("a").highlight("a ab A")), "[a] ab [A]", "one letter: whole words");
    }

}
