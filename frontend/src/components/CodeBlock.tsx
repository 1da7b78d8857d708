import { memo, useEffect, useState } from 'react';
import { canonicalLanguage, highlight } from '../lib/highlight';
import { copyText } from '../lib/clipboard';
import { t, useLang } from '../i18n';

interface Props {
  code: string;
  lang?: string;
  /** The block is complete: highlight it (never while tokens still arrive). */
  final: boolean;
}

export const CodeBlock = memo(function CodeBlock({ code, lang, final }: Props) {
  useLang(); // memoised: render again when the language changes
  const [html, setHtml] = useState<{ code: string; html: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const known = canonicalLanguage(lang);

  useEffect(() => {
    if (!final || !known) return;
    let live = true;
    highlight(code, known)
      .then((h) => {
        if (live && h != null) setHtml({ code, html: h });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [code, known, final]);

  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);

  const shown = html && html.code === code ? html.html : null;

  return (
    <div className="code-block group/code relative my-3 overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-700/60 dark:bg-zinc-900">
      <div className="flex items-center justify-between border-b border-zinc-200 px-3 py-1 text-xs text-zinc-500 dark:border-zinc-700/60 dark:text-zinc-400">
        <span className="font-mono">{lang || t('messages.plainText')}</span>
        <button
          type="button"
          className="rounded px-2 py-0.5 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
          onClick={() => copyText(code).then((ok) => setCopied(ok))}
          aria-label={t('messages.copyCode')}
        >
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
      <pre className="overflow-x-auto p-3 text-[13px] leading-relaxed">
        {shown != null ? (
          // highlight.js output: the code escaped, wrapped in its own <span class="hljs-…">.
          <code className={`hljs language-${known}`} dangerouslySetInnerHTML={{ __html: shown }} />
        ) : (
          <code className={known ? `language-${known}` : undefined}>{code}</code>
        )}
      </pre>
    </div>
  );
});
