// `npm run i18n:check`: fails when the interface has text that is not in both catalogues.
//  1. Keys: every key the code uses (t('…'), <Trans k="…">) is in en and ru; every key is in
//     both catalogues; plural keys have every form their language needs (en: one, other;
//     ru: one, few, many, other).
//  2. Literals in .tsx: JSX text with letters and string literals in user-visible props
//     (aria-label, title, placeholder, alt, label, and our components' text props) must go
//     through a catalogue; an explicit allow-list keeps names and symbols.
// Prints file:line for each problem (exactly what is missing), exits 1 when any.
// Uses the TypeScript compiler API (typescript/unstable/sync, TypeScript 7).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API } from 'typescript/unstable/sync';
import { SyntaxKind } from 'typescript/unstable/ast';

/** Props that show text to a person (on DOM elements and our own components). */
export const TEXT_PROPS = new Set([
  'aria-label', 'data-label', 'aria-description', 'aria-valuetext', 'aria-roledescription', 'title', 'placeholder', 'alt', 'label',
  'hint', 'text', 'confirmLabel', 'description', 'emptyText', 'heading', 'subtitle', 'busyLabel', 'doneLabel', 'note', 'submitLabel', 'caption',
]);
/** JSX text and prop values shown as they are in every language. */
export const ALLOW = new Set(['Nexus', 'OpenRouter', 'API', 'OK', 'JSON', 'Markdown', 'URL', 'GitHub', 'Esc', 'Enter', 'Ctrl', 'Shift', 'Tab', '⌘', 'K', 'Ctrl+K', '⌘K', 'English', 'Русский',
  // Examples of what to type, the same in every language.
  'http://localhost:11434/v1', 'sk-or-…', 'Authorization: Bearer nx_…',
]);
/** Plural forms each language needs (Intl.PluralRules categories for integers). */
export const PLURAL_FORMS = { en: ['one', 'other'], ru: ['one', 'few', 'many', 'other'] };
const PLURAL_RE = /_(zero|one|two|few|many|other)$/;

function flatten(tree, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

const TEXT_OPERATORS = new Set([SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken, SyntaxKind.PlusToken]);

/** The string pieces of an expression shown as text: literals, template parts, both arms of ?: and of && / ||. */
function strings(n, out = []) {
  if (n.kind === SyntaxKind.StringLiteral || n.kind === SyntaxKind.NoSubstitutionTemplateLiteral) out.push(n.text);
  else if (n.kind === SyntaxKind.TemplateExpression) {
    out.push(n.head.text);
    for (const span of n.templateSpans) out.push(span.literal.text);
  } else if (n.kind === SyntaxKind.ConditionalExpression) {
    strings(n.whenTrue, out);
    strings(n.whenFalse, out);
  } else if (n.kind === SyntaxKind.BinaryExpression && TEXT_OPERATORS.has(n.operatorToken.kind)) {
    strings(n.left, out);
    strings(n.right, out);
  } else if (n.kind === SyntaxKind.ParenthesizedExpression) strings(n.expression, out);
  return out;
}

const hasLetters = (s) => /\p{L}/u.test(s);
const allowed = (s) => ALLOW.has(s.trim()) || !hasLetters(s);

/** A literal that reads as a sentence: a capitalised word and at least two more, e.g. "Too many messages are waiting". */
const SENTENCE = /^[A-Z][a-z’']+(?: [\p{L}\d’'—,;:()…-]+){2,}/u;

/**
 * The problems in a project: `root` holds tsconfig.json and src/ with src/i18n/{en,ru}.json.
 * `openapi`: the API document whose error codes (`ErrorCode`, `ReplyErrorCode`) each need a
 * sentence `errors.<code>` in both catalogues (default: ../docs/openapi.json, when present).
 */
export function check(root, { openapi = join(resolve(root), '../docs/openapi.json') } = {}) {
  root = resolve(root);
  const problems = [];
  const cat = {};
  // A language's catalogue is src/i18n/<lang>.json with any src/i18n/<part>.<lang>.json.
  const dir = join(root, 'src/i18n');
  const names = existsSync(dir) ? readdirSync(dir) : [];
  for (const lang of ['en', 'ru']) {
    cat[lang] = new Map();
    for (const name of names.filter((n) => n === `${lang}.json` || n.endsWith(`.${lang}.json`)).sort())
      flatten(JSON.parse(readFileSync(join(dir, name), 'utf8')), '', cat[lang]);
  }
  const bases = {};
  for (const lang of ['en', 'ru']) {
    bases[lang] = new Map(); // base key → set of plural forms ('' for a plain key)
    for (const key of cat[lang].keys()) {
      const m = PLURAL_RE.exec(key);
      const base = m ? key.slice(0, m.index) : key;
      if (!bases[lang].has(base)) bases[lang].set(base, new Set());
      bases[lang].get(base).add(m ? m[1] : '');
    }
  }
  for (const [a, b] of [['en', 'ru'], ['ru', 'en']]) {
    for (const base of bases[a].keys())
      if (!bases[b].has(base)) problems.push(`src/i18n/${b}.json: missing key "${base}" (it is in ${a}.json)`);
  }
  for (const lang of ['en', 'ru']) {
    for (const [base, forms] of bases[lang]) {
      const plural = [...forms].some((f) => f !== '');
      if (!plural) continue;
      for (const f of PLURAL_FORMS[lang])
        if (!forms.has(f)) problems.push(`src/i18n/${lang}.json: plural "${base}" lacks the form "${base}_${f}"`);
    }
  }
  if (openapi && existsSync(openapi)) {
    const schemas = JSON.parse(readFileSync(openapi, 'utf8')).components?.schemas ?? {};
    const codes = new Set([...(schemas.ErrorCode?.enum ?? []), ...(schemas.ReplyErrorCode?.enum ?? [])]);
    for (const code of [...codes].sort())
      for (const lang of ['en', 'ru'])
        if (!bases[lang].has(`errors.${code}`)) problems.push(`src/i18n/errors.${lang}.json: no sentence for the server's error code "${code}"`);
  }
  const known = (key) => ['en', 'ru'].map((l) => [l, bases[l].has(key)]).filter(([, ok]) => !ok).map(([l]) => l);

  const api = new API({ cwd: root });
  try {
    const snapshot = api.updateSnapshot({ openProject: join(root, 'tsconfig.json') });
    const program = snapshot.getProjects()[0].program;
    const files = program
      .getSourceFileNames()
      .filter((f) => f.startsWith(join(root, 'src') + '/') && /\.tsx?$/.test(f) && !/\.(test|spec)\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
    for (const name of files) {
      const sf = program.getSourceFile(name);
      const text = sf.text;
      const rel = relative(root, name);
      const lineOf = (pos) => {
        while (pos < text.length && /\s/.test(text[pos])) pos++;
        let line = 1;
        for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) line++;
        return line;
      };
      const literal = (n) =>
        n && (n.kind === SyntaxKind.StringLiteral || n.kind === SyntaxKind.NoSubstitutionTemplateLiteral) ? n.text : undefined;
      const useKey = (key, node) => {
        const missing = known(key);
        if (missing.length) problems.push(`${rel}:${lineOf(node.pos)}: key "${key}" is missing from ${missing.join(' and ')}.json`);
      };
      const tsx = name.endsWith('.tsx');
      // `// i18n-ignore` on a line: its sentences are not for people (a programmer's error).
      const ignored = (pos) => {
        const start = text.lastIndexOf('\n', pos) + 1;
        let end = text.indexOf('\n', pos + 1);
        while (end !== -1 && /^\s*$/.test(text.slice(start, end))) end = text.indexOf('\n', end + 1);
        return /\/\/\s*i18n-ignore/.test(text.slice(start, end === -1 ? undefined : end));
      };
      const visit = (node) => {
        if (node.kind === SyntaxKind.CallExpression) {
          const callee = node.expression;
          const fn =
            callee.kind === SyntaxKind.Identifier ? callee.text : callee.kind === SyntaxKind.PropertyAccessExpression ? callee.name.text : '';
          if (fn === 't') {
            const key = literal(node.arguments[0]);
            if (key !== undefined) useKey(key, node);
          }
        } else if (
          (node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral || node.kind === SyntaxKind.TemplateHead) &&
          SENTENCE.test(node.text) &&
          !ignored(node.pos) &&
          !problems.some((p) => p.startsWith(`${rel}:${lineOf(node.pos)}: untranslated`))
        ) {
          // A sentence in code (a notice, an error shown to the user) rather than in a catalogue.
          problems.push(`${rel}:${lineOf(node.pos)}: untranslated sentence ${JSON.stringify(node.text)}`);
        } else if (tsx && node.kind === SyntaxKind.JsxText) {
          const s = node.text.trim();
          if (s && !allowed(s)) problems.push(`${rel}:${lineOf(node.pos)}: untranslated JSX text ${JSON.stringify(s.replace(/\s+/g, ' '))}`);
        } else if (tsx && node.kind === SyntaxKind.JsxExpression && node.expression && node.parent && node.parent.kind !== SyntaxKind.JsxAttribute) {
          // A child {…}: its string literals are shown as they are.
          for (const s of strings(node.expression))
            if (s.trim() && !allowed(s)) problems.push(`${rel}:${lineOf(node.pos)}: untranslated JSX text ${JSON.stringify(s)}`);
        } else if (node.kind === SyntaxKind.JsxAttribute) {
          const prop = node.name.kind === SyntaxKind.Identifier ? node.name.text : '';
          let init = node.initializer;
          if (init && init.kind === SyntaxKind.JsxExpression) init = init.expression;
          if ((prop === 'k' || prop === 'i18nKey') && literal(init) !== undefined) useKey(literal(init), node);
          else if (tsx && TEXT_PROPS.has(prop) && init) {
            for (const s of strings(init))
              if (s.trim() && !allowed(s)) problems.push(`${rel}:${lineOf(node.pos)}: untranslated ${prop}=${JSON.stringify(s)}`);
          }
        }
        node.forEachChild(visit);
      };
      visit(sf);
    }
  } finally {
    api.close();
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const problems = check(root);
  for (const p of problems) console.log(p);
  if (problems.length) {
    console.error(`i18n:check: ${problems.length} problem(s).`);
    process.exit(1);
  }
  console.log('i18n:check: every key is in en and ru; no untranslated literals.');
}
