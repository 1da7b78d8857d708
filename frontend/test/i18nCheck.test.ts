/// <reference types="node" />
// @vitest-environment node
// The catalogue check (`npm run i18n:check`) runs here too, so `npm test` fails on a UI
// string that is not in both catalogues.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script without types
import { check } from '../scripts/i18n-check.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('i18n:check', () => {
  it('finds a missing key, an error code without a sentence, a one-catalogue key, a missing plural form and raw literals, each with file:line', () => {
    const problems: string[] = check(fileURLToPath(new URL('./fixtures/i18n-check', import.meta.url)), {
      openapi: fileURLToPath(new URL('./fixtures/i18n-check/openapi.json', import.meta.url)),
    });
    expect(problems).toEqual([
      'src/i18n/ru.json: missing key "page.onlyEnglish" (it is in en.json)',
      'src/i18n/ru.json: missing key "errors.too_many_images" (it is in en.json)',
      'src/i18n/ru.json: plural "page.chats" lacks the form "page.chats_many"',
      'src/i18n/errors.en.json: no sentence for the server\'s error code "image_gone"',
      'src/i18n/errors.ru.json: no sentence for the server\'s error code "image_gone"',
      'src/i18n/errors.ru.json: no sentence for the server\'s error code "too_many_images"',
      'src/Page.tsx:8: key "page.missing" is missing from en and ru.json',
      'src/Page.tsx:9: untranslated JSX text "Hello there"',
      'src/Page.tsx:10: untranslated title="Close me"',
      'src/Page.tsx:15: untranslated JSX text "many things"',
      'src/notice.ts:3: untranslated sentence "Too many messages are waiting to be sent."',
    ]);
  });

  it('the app has every string in both catalogues', () => {
    expect(check(root)).toEqual([]);
  });
});
