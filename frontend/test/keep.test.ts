import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from '../src/api/client';
import { IMPORT_MAX_BYTES, RESTORE_MAX_BYTES, checkSize, datedName, describeImport, describeRestore, downloadName, safeFilename } from '../src/features/data/files';
import { describeExpiry, parseExpiryDays, shareLink, shareTokenOf } from '../src/features/share/shareLink';
import { fillTemplate, filterTemplates, slashQuery, templateVariables, variableKey } from '../src/features/templates/variables';

describe('template variables', () => {
  it('finds each variable once, in order of first use', () => {
    expect(templateVariables('Summarize {{text}} in {{length}} for {{ audience }}; again: {{text}}')).toEqual(['text', 'length', 'audience']);
  });
  it('takes odd spacing as the same variable', () => {
    expect(templateVariables('{{name}} {{ name }} {{  name  }} {{first name}} {{ first   name }}')).toEqual(['name', 'first name']);
    expect(variableKey('  first   name ')).toBe('first name');
  });
  it('allows letters (any script), digits and _; ignores the rest', () => {
    expect(templateVariables('{{язык}} {{x_1}} {{2nd}} {{a-b}} {{a.b}} {{}} {{   }} {single} {{{triple}}}')).toEqual(['язык', 'x_1', '2nd', 'triple']);
  });
  it('none in plain text', () => {
    expect(templateVariables('Just a prompt with { braces } and }} {{ unclosed')).toEqual([]);
  });
});

describe('filling a template', () => {
  it('replaces every occurrence, whatever the spacing', () => {
    expect(fillTemplate('Hi {{name}}, {{ name }}! {{  first   name}}', { name: 'Ann', 'first name': 'A.' })).toBe('Hi Ann, Ann! A.');
  });
  it('keeps variables without a value, and takes values literally', () => {
    expect(fillTemplate('{{a}} and {{b}}', { a: '$1 {{b}}' })).toBe('$1 {{b}} and {{b}}');
    expect(fillTemplate('{{a}}', { a: '' })).toBe('');
  });
  it('multi-line values', () => {
    expect(fillTemplate('Translate:\n\n{{text}}', { text: 'line 1\nline 2' })).toBe('Translate:\n\nline 1\nline 2');
  });
});

describe('the / menu', () => {
  it('reads the query after a leading slash on one line', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/sum')).toBe('sum');
    expect(slashQuery('/two words')).toBe('two words');
    expect(slashQuery('no /slash')).toBeNull();
    expect(slashQuery('/x\nmore')).toBeNull();
  });
  it('filters by name: prefix, then word, then anywhere; accents ignored', () => {
    const list = [{ name: 'Translate' }, { name: 'Explain simply' }, { name: 'Summarize' }, { name: 'Résumé writer' }, { name: 'Simple list' }];
    expect(filterTemplates(list, '').map((t) => t.name)).toEqual(list.map((t) => t.name));
    expect(filterTemplates(list, 'sim').map((t) => t.name)).toEqual(['Simple list', 'Explain simply']);
    expect(filterTemplates(list, 'resume').map((t) => t.name)).toEqual(['Résumé writer']);
    expect(filterTemplates(list, 'ar').map((t) => t.name)).toEqual(['Summarize']);
    expect(filterTemplates(list, 'zzz')).toEqual([]);
  });
});

describe('files to import or restore', () => {
  it('are sent as they are up to the server’s limits (1 GiB), refused above with the sizes', () => {
    expect([IMPORT_MAX_BYTES, RESTORE_MAX_BYTES]).toEqual([2 ** 30, 2 ** 30]);
    const file = new File(['{"format":"nexus"}'], 'export.json', { type: 'application/json' });
    expect(checkSize(file, IMPORT_MAX_BYTES)).toBe(file);
    expect(() => checkSize(file, 10)).toThrow(/export\.json.*18 B.*10 B/);
  });
});

describe('file names', () => {
  it('reads Content-Disposition (filename* first, quoted, plain)', () => {
    expect(filenameFromDisposition('attachment; filename="Trip to Rome.md"')).toBe('Trip to Rome.md');
    expect(filenameFromDisposition("attachment; filename=\"a.json\"; filename*=UTF-8''%D0%9F%D0%BE%D0%B5%D0%B7%D0%B4%D0%BA%D0%B0.json")).toBe('Поездка.json');
    expect(filenameFromDisposition('attachment; filename=plain.json')).toBe('plain.json');
    expect(filenameFromDisposition('attachment; filename="say \\"hi\\".md"')).toBe('say "hi".md');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
  it('makes a title a safe name', () => {
    expect(safeFilename('Trip to Rome', 'md')).toBe('Trip to Rome.md');
    expect(safeFilename('a/b\\c:d*e?f"g<h>i|j', 'json')).toBe('a b c d e f g h i j.json');
    expect(safeFilename('  ../../etc/passwd  ', 'md')).toBe('etc passwd.md');
    expect(safeFilename('line\nbreak\ttab', 'md')).toBe('line break tab.md');
    expect(safeFilename('', 'md')).toBe('conversation.md');
    expect(safeFilename('???', 'json')).toBe('conversation.json');
    expect(safeFilename('CON', 'md')).toBe('conversation.md');
    expect(safeFilename('dots...', 'md')).toBe('dots.md');
    expect(safeFilename('x'.repeat(200), 'md')).toBe(`${'x'.repeat(80)}.md`);
    expect(safeFilename('Поездка в Рим 🇮🇹', 'md')).toBe('Поездка в Рим 🇮🇹.md');
  });
  it('prefers the server’s name, made safe', () => {
    expect(downloadName('chat-123.md', 'Title', 'md')).toBe('chat-123.md');
    expect(downloadName('../../evil.json', 'Title', 'json')).toBe('evil.json');
    expect(downloadName(null, 'My chat', 'json')).toBe('My chat.json');
    expect(downloadName('noext', 'T', 'md')).toBe('noext.md');
    expect(datedName('nexus-export', 'json', new Date('2025-03-10T23:00:00Z'))).toBe('nexus-export-2025-03-10.json');
  });
});

describe('import and restore in words', () => {
  it('says what the import stored', () => {
    expect(describeImport({ format: 'chatgpt', imported: 3, duplicates: 1, skipped: [{ title: 'x', reason: 'empty' }] })).toBe(
      'Imported 3 conversations from a ChatGPT export; 1 was imported before and not stored again; 1 skipped.',
    );
    expect(describeImport({ format: 'nexus', imported: 1, duplicates: 0, skipped: [] })).toBe('Imported 1 conversation from a Nexus export.');
  });
  it('sums up a restore', () => {
    expect(describeRestore({ users: 2, conversations: 1, messages: 10, settings: 3 })).toBe('Restored 2 users, 1 conversation and 10 messages (4 tables, 16 rows).');
    expect(describeRestore({ folders: 1 })).toBe('Restored 1 table, 1 row.');
  });
});

describe('share links', () => {
  it('reads the token of /s/<token>', () => {
    expect(shareTokenOf('/s/abc_DEF-123')).toBe('abc_DEF-123');
    expect(shareTokenOf('/s/abc/')).toBe('abc');
    expect(shareTokenOf('/s/')).toBeNull();
    expect(shareTokenOf('/s/a/b')).toBeNull();
    expect(shareTokenOf('/c/abc')).toBeNull();
    expect(shareTokenOf('/s/%E0%A4%A')).toBeNull();
  });
  it('builds the full link', () => {
    expect(shareLink('http://nexus.lan:3000/', '/s/tok')).toBe('http://nexus.lan:3000/s/tok');
    expect(shareLink('http://x', 'https://other/s/tok')).toBe('https://other/s/tok');
  });
  it('expiry: days 1–365 or never', () => {
    expect(parseExpiryDays('')).toEqual({ days: null, problem: null });
    expect(parseExpiryDays(' 7 ')).toEqual({ days: 7, problem: null });
    expect(parseExpiryDays('0').problem).toBeTruthy();
    expect(parseExpiryDays('366').problem).toBeTruthy();
    expect(parseExpiryDays('1.5').problem).toBeTruthy();
    const now = Date.parse('2025-03-10T12:00:00Z');
    expect(describeExpiry({ expires_at: null }, now)).toBe('Never expires');
    expect(describeExpiry({ expires_at: '2025-03-01T00:00:00Z' }, now)).toBe('Expired');
    expect(describeExpiry({ expires_at: '2025-04-03T00:00:00Z' }, now)).toBe('Expires Apr 3, 2025');
  });
});
