// Prompt templates' `{{variables}}` (docs/api.md, "Prompt templates"): letters, digits,
// `_` and spaces inside double braces. `{{ name }}`, `{{name}}` and `{{  name  }}` are the
// same variable; so are `{{first name}}` and `{{first   name}}` (inner runs of spaces count
// as one). Pure.

const VARIABLE = /\{\{([\p{L}\p{N}_ ]*)\}\}/gu;

/** A variable's name as written, trimmed, inner runs of spaces as one ('' when blank). */
export function variableKey(raw: string): string {
  return raw.trim().replace(/ +/g, ' ');
}

/** The variables of `content`, each once, in order of first use. */
export function templateVariables(content: string): string[] {
  const seen = new Set<string>();
  for (const m of content.matchAll(VARIABLE)) {
    const key = variableKey(m[1]);
    if (key) seen.add(key);
  }
  return [...seen];
}

/**
 * `content` with every `{{variable}}` given in `values` replaced by its value (every
 * occurrence; keys as `templateVariables` names them). Others are left as they are.
 */
export function fillTemplate(content: string, values: Readonly<Record<string, string>>): string {
  return content.replace(VARIABLE, (whole, raw: string) => {
    const key = variableKey(raw);
    return key && Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
  });
}

/** The template query of the composer's text: what follows a `/` at its start (one line), or null. */
export function slashQuery(text: string): string | null {
  if (!text.startsWith('/') || text.includes('\n')) return null;
  return text.slice(1);
}

/**
 * The templates whose name matches `query` (case- and accent-insensitive): names that
 * start with it first, then names with a word that does, then names containing it.
 */
export function filterTemplates<T extends { name: string }>(list: readonly T[], query: string): T[] {
  const q = fold(query.trim());
  if (!q) return [...list];
  const rank = (name: string) => {
    const n = fold(name);
    if (n.startsWith(q)) return 0;
    if (n.split(/[\s_\-/]+/).some((w) => w.startsWith(q))) return 1;
    return n.includes(q) ? 2 : -1;
  };
  return list
    .map((t, i) => ({ t, i, r: rank(t.name) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.t);
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
