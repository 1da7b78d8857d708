// Account → About me: personal context for the model in all of my conversations, and
// the interface language (kept for later; the browser's by default).
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Language } from '../../api/types';
import { LiveError, LiveStatus, PanelSection, inputClass, labelClass, primaryClass } from '../../components/ui';
import { ABOUT_ME_MAX, useProfile } from './useProfile';
import { messageOf } from '../../lib/errors';

export const LANGUAGES: { value: Language; label: string }[] = [
  { value: '', label: 'Browser default' },
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
      setError(`“About me” can be at most ${ABOUT_ME_MAX.toLocaleString('en')} characters.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const patch: { about_me?: string; language?: Language } = {};
      if (about !== profile.about_me) patch.about_me = about;
      if (language !== profile.language) patch.language = language;
      if (Object.keys(patch).length) await state.save(patch);
      setStatus('Saved.');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection
      title="About me"
      testId="profile-section"
      hint="Told to the model at the start of every one of your conversations: who you are, how you like answers. Only you and the model see it."
    >
      <LiveError text={state.error} className="mb-2" testId="profile-load-error" />
      <form className="space-y-3" onSubmit={submit} noValidate aria-label="About me" data-testid="profile-form">
        <div>
          <label htmlFor={`${id}-about`} className="sr-only">
            About me
          </label>
          <textarea
            id={`${id}-about`}
            rows={5}
            className={`${inputClass} resize-y`}
            value={about}
            disabled={!profile}
            placeholder={profile ? 'e.g. I am a nurse in Lisbon; I prefer short answers with metric units.' : 'Loading…'}
            aria-describedby={`${id}-count`}
            aria-invalid={tooLong || undefined}
            onChange={(e) => setAbout(e.target.value)}
            data-testid="profile-about"
          />
          <p id={`${id}-count`} className={`mt-1 text-right text-xs ${tooLong ? 'text-red-600 dark:text-red-400' : 'text-zinc-500'}`}>
            {length.toLocaleString('en')} / {ABOUT_ME_MAX.toLocaleString('en')}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-language`} className={labelClass}>
            Language
          </label>
          <select
            id={`${id}-language`}
            className={`${inputClass} sm:w-60`}
            value={language}
            disabled={!profile}
            onChange={(e) => setLanguage(e.target.value as Language)}
            data-testid="profile-language"
          >
            {LANGUAGES.map((l) => (
              <option key={l.value} value={l.value} lang={l.value || undefined}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <LiveError text={error} testId="profile-error" />
        <LiveStatus text={status} testId="profile-status" />
        <button type="submit" className={primaryClass} aria-disabled={busy || !changed} data-testid="profile-save">
          Save
        </button>
      </form>
    </PanelSection>
  );
}
