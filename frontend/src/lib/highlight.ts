// Syntax highlighting loaded on demand: highlight.js core on first use, and each
// language as its own chunk when a code block in it first appears.
import type { HLJSApi, LanguageFn } from 'highlight.js';

type Loader = () => Promise<{ default: LanguageFn }>;

const LOADERS: Record<string, Loader> = {
  bash: () => import('highlight.js/lib/languages/bash'),
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  css: () => import('highlight.js/lib/languages/css'),
  diff: () => import('highlight.js/lib/languages/diff'),
  dockerfile: () => import('highlight.js/lib/languages/dockerfile'),
  go: () => import('highlight.js/lib/languages/go'),
  graphql: () => import('highlight.js/lib/languages/graphql'),
  ini: () => import('highlight.js/lib/languages/ini'),
  java: () => import('highlight.js/lib/languages/java'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  json: () => import('highlight.js/lib/languages/json'),
  kotlin: () => import('highlight.js/lib/languages/kotlin'),
  lua: () => import('highlight.js/lib/languages/lua'),
  makefile: () => import('highlight.js/lib/languages/makefile'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  nginx: () => import('highlight.js/lib/languages/nginx'),
  php: () => import('highlight.js/lib/languages/php'),
  plaintext: () => import('highlight.js/lib/languages/plaintext'),
  python: () => import('highlight.js/lib/languages/python'),
  r: () => import('highlight.js/lib/languages/r'),
  ruby: () => import('highlight.js/lib/languages/ruby'),
  rust: () => import('highlight.js/lib/languages/rust'),
  scss: () => import('highlight.js/lib/languages/scss'),
  shell: () => import('highlight.js/lib/languages/shell'),
  sql: () => import('highlight.js/lib/languages/sql'),
  swift: () => import('highlight.js/lib/languages/swift'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  xml: () => import('highlight.js/lib/languages/xml'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
};

const ALIASES: Record<string, string> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript',
  py: 'python', python3: 'python', rb: 'ruby', rs: 'rust', golang: 'go', kt: 'kotlin',
  sh: 'bash', zsh: 'bash', console: 'shell', shellsession: 'shell',
  yml: 'yaml', toml: 'ini', html: 'xml', htm: 'xml', svg: 'xml', vue: 'xml',
  md: 'markdown', 'c++': 'cpp', cc: 'cpp', hpp: 'cpp', h: 'c', cs: 'csharp', 'c#': 'csharp',
  docker: 'dockerfile', make: 'makefile', patch: 'diff', text: 'plaintext', txt: 'plaintext', gql: 'graphql',
};

export function canonicalLanguage(lang: string | undefined | null): string | null {
  if (!lang) return null;
  const l = lang.toLowerCase();
  const name = ALIASES[l] ?? l;
  return name in LOADERS ? name : null;
}

let core: Promise<HLJSApi> | null = null;
const registered = new Map<string, Promise<void>>();

function loadLanguage(hljs: HLJSApi, name: string): Promise<void> {
  let p = registered.get(name);
  if (!p) {
    p = LOADERS[name]().then((m) => hljs.registerLanguage(name, m.default));
    registered.set(name, p);
  }
  return p;
}

/** Highlighted, escaped HTML for `code`, or null for a language we don't know. */
export async function highlight(code: string, lang: string | undefined | null): Promise<string | null> {
  const name = canonicalLanguage(lang);
  if (!name) return null;
  core ??= import('highlight.js/lib/core').then((m) => m.default);
  const hljs = await core;
  await loadLanguage(hljs, name);
  // highlight.js escapes the code: its output contains only its own <span>s.
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
