// Account → About me: personal context for the model in all of my conversations, and
// the interface language (kept for later; the browser's by default).
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Language } from '../../api/types';
import { LiveError, LiveStatus, PanelSection, inputClass, labelClass, primaryClass } from '../../components/ui';
import { ABOUT_ME_MAX, useProfile } from './useProfile';
import { messageOf } from '../../lib/errors';
import { formatNumber, resolveLang, setLang, t } from '../../i18n';

/** The choices, each named in its own language ("" = the browser's, named in the current one). */
export const languages = (): { value: Language; label: string }[] => [
  { value: '', label: t('profile.browserDefault') },
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Русский' },
];

export function ProfileSection() {
  const state = useProfile();
  const id = useId();
  const [about, setAbout] = useState('');
  const [language, setLanguage] = useState<Language>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { profile } = state;

  // The form starts from what the server has (once it has answered).
  useEffect(() => {
    if (!profile) return;
    setAbout(profile.about_me);
    setLanguage(profile.language);
  }, [profile]);

  const length = [...about].length;
  const tooLong = length > ABOUT_ME_MAX;
  const changed = !!profile && (about !== profile.about_me || language !== profile.language);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !profile) return;
    setStatus(null);
    if (tooLong) {
      setError(t('profile.tooLong', { max: ABOUT_ME_MAX }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const patch: { about_me?: string; language?: Language } = {};
      if (about !== profile.about_me) patch.about_me = about;
      if (language !== profile.language) patch.language = language;
      if (Object.keys(patch).length) {
        const next = await state.save(patch);
        // The new language takes effect at once.
        if (patch.language !== undefined) await setLang(resolveLang(next.language));
      }
      setStatus(t('common.saved'));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection
      title={t('profile.title')}
      testId="profile-section"
      hint={t('profile.hint')}
    >
      <LiveError text={state.error} className="mb-2" testId="profile-load-error" />
      <form className="space-y-3" onSubmit={submit} noValidate aria-label={t('profile.title')} data-testid="profile-form">
        <div>
          <label htmlFor={`${id}-about`} className="sr-only">
            {t('profile.title')}
          </label>
          <textarea
            id={`${id}-about`}
            rows={5}
            className={`${inputClass} resize-y`}
            value={about}
            disabled={!profile}
            placeholder={profile ? t('profile.placeholder') : t('common.loading')}
            aria-describedby={`${id}-count`}
            aria-invalid={tooLong || undefined}
            onChange={(e) => setAbout(e.target.value)}
            data-testid="profile-about"
          />
          <p id={`${id}-count`} className={`mt-1 text-right text-xs ${tooLong ? 'text-red-600 dark:text-red-400' : 'text-zinc-500'}`}>
            {formatNumber(length)} / {formatNumber(ABOUT_ME_MAX)}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-language`} className={labelClass}>
            {t('profile.language')}
          </label>
          <select
            id={`${id}-language`}
            className={`${inputClass} sm:w-60`}
            value={language}
            disabled={!profile}
            onChange={(e) => setLanguage(e.target.value as Language)}
            data-testid="profile-language"
          >
            {languages().map((l) => (
              <option key={l.value} value={l.value} lang={l.value || undefined}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <LiveError text={error} testId="profile-error" />
        <LiveStatus text={status} testId="profile-status" />
        <button type="submit" className={primaryClass} aria-disabled={busy || !changed} data-testid="profile-save">
          {t('common.save')}
        </button>
      </form>
    </PanelSection>
  );
}
