// The interface language: English (bundled) and Russian (a lazy chunk, loaded before the
// first render when needed). A small module of our own rather than i18next + react-i18next
// (≈ 23 KB gzipped, most of the first-load budget's headroom): lookups by key with
// `{{var}}` interpolation, plurals by `Intl.PluralRules` (`key_one`, `key_few`,
// `key_many`, `key_other`, the suffixes i18next uses) and dates/numbers by `Intl`.
import { useSyncExternalStore } from 'react';
import en from './en.json';

export type Lang = 'en' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'ru'];
/** localStorage key of the last language shown, so a reload does not flash English. */
export const LANG_STORAGE_KEY = 'nexus.lang';

type Tree = { [k: string]: string | Tree };
export type Vars = Record<string, string | number | null | undefined>;

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()) {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

const english = flatten(en as Tree);
const loaded = new Map<Lang, Map<string, string>>([['en', english]]);
// A language's catalogue: `<lang>.json` and `errors.<lang>.json` (the sentence for each
// server error code). English shows the server's own sentence, so its error catalogue is
// only a fallback and is fetched after the first render, off the first load.
const loaders: Record<Lang, () => Promise<Tree[]>> = {
  en: async () => [en as Tree],
  ru: async () => (await Promise.all([import('./ru.json'), import('./errors.ru.json')])).map((m) => m.default as Tree),
};
let englishErrors: Promise<void> | null = null;
const loadEnglishErrors = () =>
  (englishErrors ??= import('./errors.en.json')
    .then((m) => void flatten(m.default as Tree, '', english))
    .catch(() => {
      englishErrors = null;
    }));

let lang: Lang = 'en';
let dict = english;
let plurals = new Intl.PluralRules('en');
const listeners = new Set<() => void>();

/** The language of the interface now. */
export const currentLang = () => lang;
/** The BCP 47 locale for `Intl` (`en-US` keeps the English forms the app has always shown). */
export const locale = () => (lang === 'ru' ? 'ru-RU' : 'en-US');

/** The browser's preference: the first of `navigator.languages` that is Russian → ru, else en. */
export function browserLang(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): Lang {
  const first = languages.find(Boolean) ?? '';
  return /^ru\b/i.test(first) ? 'ru' : 'en';
}

/** The language to start with: the one remembered from last time, else the browser's. */
export function initialLang(): Lang {
  try {
    const kept = localStorage.getItem(LANG_STORAGE_KEY);
    if (kept === 'en' || kept === 'ru') return kept;
  } catch {
    /* storage blocked */
  }
  return browserLang();
}

/** Resolves a profile setting (`""` = the browser's) to a language. */
export const resolveLang = (setting: string | null | undefined): Lang => (setting === 'en' || setting === 'ru' ? setting : browserLang());

/** Switches the interface (loading the catalogue first when needed) and remembers it. */
export async function setLang(next: Lang): Promise<void> {
  if (!loaded.has(next)) {
    const dictionary = new Map<string, string>();
    for (const tree of await loaders[next]()) flatten(tree, '', dictionary);
    loaded.set(next, dictionary);
  }
  if (next === 'en') void loadEnglishErrors();
  try {
    localStorage.setItem(LANG_STORAGE_KEY, next);
  } catch {
    /* storage blocked */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  if (next === lang) return;
  lang = next;
  dict = loaded.get(next)!;
  plurals = new Intl.PluralRules(next);
  listeners.forEach((l) => l());
}

/** Loads the English sentences for server error codes (tests; the app fetches them after start). */
export const englishErrorsLoaded = () => loadEnglishErrors();

/** Whether the catalogue has the key (plural keys count by their forms). */
export const hasKey = (key: string) => dict.has(key) || dict.has(`${key}_other`) || english.has(key) || english.has(`${key}_other`);

const number = (n: number) => n.toLocaleString(locale());

/**
 * The text for a key in the current language, with `{{name}}` replaced by `vars.name`
 * (numbers formatted for the language); with `vars.count` the plural form for that count.
 * Falls back to English, then to the key itself.
 */
export function t(key: string, vars?: Vars): string {
  let text: string | undefined;
  if (vars && typeof vars.count === 'number') {
    const form = plurals.select(vars.count);
    text = dict.get(`${key}_${form}`) ?? dict.get(`${key}_other`) ?? english.get(`${key}_${new Intl.PluralRules('en').select(vars.count)}`) ?? english.get(`${key}_other`);
  }
  text ??= dict.get(key) ?? english.get(key) ?? key;
  if (!vars) return text;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => {
    const v = vars[name];
    if (v == null) return m;
    return typeof v === 'number' ? number(v) : v;
  });
}

export type T = typeof t;

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * `t` for a component: re-renders the component when the language changes. Returns a new
 * function per language, so hooks that depend on it recompute.
 */
export function useT(): T {
  const l = useSyncExternalStore(subscribe, currentLang, currentLang);
  return bound[l];
}
const bound: Record<Lang, T> = { en: (k, v) => t(k, v), ru: (k, v) => t(k, v) };

/** The current language, re-rendering on change. */
export const useLang = () => useSyncExternalStore(subscribe, currentLang, currentLang);

// ── Formatting with the active locale ──

export const formatNumber = (n: number, opts?: Intl.NumberFormatOptions) => n.toLocaleString(locale(), opts);

export const formatDate = (d: Date | number | string, opts?: Intl.DateTimeFormatOptions) =>
  new Date(d).toLocaleDateString(locale(), opts);

export const formatDateTime = (d: Date | number | string, opts?: Intl.DateTimeFormatOptions) =>
  new Date(d).toLocaleString(locale(), opts);

export const formatTime = (d: Date | number | string, opts?: Intl.DateTimeFormatOptions) =>
  new Date(d).toLocaleTimeString(locale(), opts ?? { hour: '2-digit', minute: '2-digit' });

/** Money in US dollars for the language: "$12.35" / "12,35 $". */
export const formatUsd = (usd: number, fractionDigits = 2) =>
  usd.toLocaleString(locale(), { style: 'currency', currency: 'USD', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
