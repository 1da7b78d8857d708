// A translated sentence with elements inside: `<Trans k="auth.terms" components={{ b: <strong /> }} />`
// for a catalogue text like "Read <b>this</b> first". Tags are the keys of `components`.
import { cloneElement, Fragment, type ReactElement, type ReactNode } from 'react';
import { useT, type Vars } from '.';

export function Trans({ k, vars, components = {} }: { k: string; vars?: Vars; components?: Record<string, ReactElement> }) {
  const t = useT();
  const text = t(k, vars);
  const out: ReactNode[] = [];
  const re = /<(\w+)>(.*?)<\/\1>/gs;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    const el = components[m[1]];
    out.push(el ? cloneElement(el as ReactElement<{ children?: ReactNode }>, { key: out.length }, m[2]) : m[2]);
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <Fragment>{out}</Fragment>;
}
