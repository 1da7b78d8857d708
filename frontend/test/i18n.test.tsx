import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { browserLang, currentLang, englishErrorsLoaded, initialLang, LANG_STORAGE_KEY, resolveLang, setLang, t, useT } from '../src/i18n';
import { Trans } from '../src/i18n/Trans';
import { errorText, messageOf } from '../src/lib/errors';
import { formatCost, formatSpend, relativeTime } from '../src/lib/format';
import { monthLabel } from '../src/features/usage/chart';
import { formatWindow } from '../src/features/limits/format';
import enCore from '../src/i18n/en.json';
import ruCore from '../src/i18n/ru.json';
import enErrors from '../src/i18n/errors.en.json';
import ruErrors from '../src/i18n/errors.ru.json';

afterEach(async () => {
  await setLang('en');
  localStorage.clear();
});

const COUNTS = [1, 2, 5, 11, 21, 22, 25, 101];

describe('plurals', () => {
  it('Russian has one, few and many: 1 чат, 2 чата, 5 чатов, 11 чатов, 21 чат, 22 чата, 25 чатов, 101 чат', async () => {
    await setLang('ru');
    expect(COUNTS.map((count) => t('folders.chatCount', { count }))).toEqual([
      '1 чат',
      '2 чата',
      '5 чатов',
      '11 чатов',
      '21 чат',
      '22 чата',
      '25 чатов',
      '101 чат',
    ]);
    expect(t('search.messageCount', { count: 3 })).toBe('3 сообщения');
    expect(t('search.messageCount', { count: 11 })).toBe('11 сообщений');
    expect(t('time.daysAgo', { count: 21 })).toBe('21 день назад');
  });

  it('English has one and other', () => {
    expect(COUNTS.map((count) => t('folders.chatCount', { count }))).toEqual([
      '1 chat',
      '2 chats',
      '5 chats',
      '11 chats',
      '21 chats',
      '22 chats',
      '25 chats',
      '101 chats',
    ]);
  });

  it('writes big counts with the language’s grouping', async () => {
    expect(t('usage.tokens', { count: 12345 })).toBe('12,345 tokens');
    await setLang('ru');
    expect(t('usage.tokens', { count: 12345 })).toBe('12\u00a0345 токенов');
  });

  it('the window after "за" is in the accusative: минуту, 5 минут, 21 минуту', async () => {
    await setLang('ru');
    expect([60, 300, 1260, 3600, 7200].map(formatWindow)).toEqual(['минуту', '5 минут', '21 минуту', 'час', '2 часа']);
  });
});

describe('dates, numbers and money', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  it('relative times and dates in the active language', async () => {
    const ago = (s: number) => new Date(now - s * 1000).toISOString();
    expect([relativeTime(ago(10), now), relativeTime(ago(5 * 60), now), relativeTime(ago(86400), now), relativeTime(ago(3 * 86400), now)]).toEqual([
      'just now',
      '5 min ago',
      'yesterday',
      '3 days ago',
    ]);
    expect(relativeTime('2026-10-03T12:00:00Z', now)).toBe('Oct 3');
    await setLang('ru');
    expect([relativeTime(ago(10), now), relativeTime(ago(5 * 60), now), relativeTime(ago(86400), now), relativeTime(ago(3 * 86400), now)]).toEqual([
      'только что',
      '5 мин назад',
      'вчера',
      '3 дня назад',
    ]);
    expect(relativeTime('2026-10-03T12:00:00Z', now)).toBe('3 окт.');
  });

  it('month names', async () => {
    expect(monthLabel('2026-11')).toBe('November 2026');
    await setLang('ru');
    expect(monthLabel('2026-11')).toBe('Ноябрь 2026 г.');
  });

  it('money: "$12.35" in English, "12,35 $" in Russian, with the same precision', async () => {
    expect([formatSpend(12.345), formatSpend(0.0342), formatCost(0.000042)]).toEqual(['$12.35', '$0.0342', '$0.000042']);
    await setLang('ru');
    expect([formatSpend(12.345), formatSpend(0.0342), formatCost(0.000042)]).toEqual(['12,35\u00a0$', '0,0342\u00a0$', '0,000042\u00a0$']);
  });
});

describe('server errors by code', () => {
  it('English without a server sentence falls back to the catalogue (fetched after start)', async () => {
    await englishErrorsLoaded();
    expect(errorText('chat_limit', '')).toBe('You have as many active chats as an admin allows. Archive or delete one to start another.');
  });

  it('English shows the server’s own sentence; Russian the catalogue’s for the code', async () => {
    const err = new ApiError(401, 'The username or the password is wrong.', 'bad_credentials');
    expect(messageOf(err)).toBe('The username or the password is wrong.');
    await setLang('ru');
    expect(messageOf(err)).toBe('Неверное имя пользователя или пароль.');
    expect(errorText('no_credit', 'Your OpenRouter account has no credit.')).toBe('На счёте провайдера закончились средства.');
  });

  it('a generic code keeps the server’s detail; an unknown code keeps the server’s sentence', async () => {
    await setLang('ru');
    expect(errorText('bad_request', '`title` must be at most 200 characters.')).toBe('Запрос некорректен. (`title` must be at most 200 characters.)');
    expect(errorText('some_new_code', 'A new thing went wrong.')).toBe('A new thing went wrong.');
    expect(messageOf(new TypeError('Failed to fetch'))).toBe('Сервер недоступен. Проверьте подключение и попробуйте снова.');
  });

  it('every error and stream code the server sends has a sentence in both catalogues', () => {
    const codes = [
      // crates/core/src/error.rs and the `code:` / `with_code(` of crates/core/src
      'bad_request', 'not_found', 'method_not_allowed', 'conflict', 'payload_too_large', 'unsupported_media_type', 'bad_gateway', 'internal',
      'admin_only', 'unauthenticated', 'bad_credentials', 'wrong_password', 'too_many_attempts', 'rate_limited', 'account_disabled', 'already_set_up',
      'recovery_disabled', 'bad_recovery_token', 'username_taken', 'last_admin', 'cannot_delete_self', 'registration_closed', 'invalid_invite',
      'invalid_month', 'invalid_kind', 'invalid_base_url', 'api_key_required', 'encryption_key_missing', 'encryption_key_invalid',
      'member_connections_off', 'connection_disabled', 'host_not_allowed', 'folder_exists', 'empty_conversation', 'cross_site', 'invalid_query',
      'invalid_params', 'invalid_import', 'invalid_backup', 'backup_version', 'not_empty', 'moderation_flagged', 'invalid_tag', 'model_not_allowed',
      'chat_limit', 'budget_exhausted',
      // crates/core/src/events.rs `codes` (stream errors)
      'no_api_key', 'auth', 'no_credit', 'model_not_found', 'refused', 'provider_error', 'unreachable', 'connection_lost', 'interrupted', 'timeout',
      'too_long', 'deleted',
    ];
    const en = { ...enCore.errors, ...enErrors.errors };
    const ru = { ...ruCore.errors, ...ruErrors.errors };
    const missing = codes.filter((c) => !(c in en) || !(c in ru));
    expect(missing).toEqual([]);
  });
});

describe('choosing the language', () => {
  it('the browser’s: ru* is Russian, anything else English', () => {
    expect(browserLang(['ru-RU', 'en'])).toBe('ru');
    expect(browserLang(['ru'])).toBe('ru');
    expect(browserLang(['en-GB', 'ru'])).toBe('en');
    expect(browserLang(['rue'])).toBe('en');
    expect(browserLang([])).toBe('en');
    expect(resolveLang('ru')).toBe('ru');
    expect(resolveLang('')).toBe(browserLang());
  });

  it('remembers the last language and sets <html lang>', async () => {
    await setLang('ru');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('ru');
    expect(document.documentElement.lang).toBe('ru');
    expect(initialLang()).toBe('ru');
    await setLang('en');
    expect(document.documentElement.lang).toBe('en');
    expect(initialLang()).toBe('en');
  });

  it('a mounted component shows the new language at once', async () => {
    function Hello() {
      const tr = useT();
      return <button type="button">{tr('composer.send')}</button>;
    }
    render(<Hello />);
    expect(screen.getByRole('button').textContent).toBe('Send');
    await act(() => setLang('ru'));
    expect(currentLang()).toBe('ru');
    expect(screen.getByRole('button').textContent).toBe('Отправить');
  });

  it('Trans puts elements inside a translated sentence', async () => {
    await setLang('ru');
    const { container } = render(<Trans k="templates.hint" components={{ kbd: <kbd />, code: <code /> }} />);
    expect(container.querySelector('kbd')?.textContent).toBe('/');
    expect(container.querySelector('code')?.textContent).toBe('{{name}}');
    expect(container.textContent).toMatch(/^Сохранённые промпты: введите \/ в поле сообщения/);
  });
});
