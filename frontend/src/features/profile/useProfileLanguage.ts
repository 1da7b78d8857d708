// The signed-in user's interface language: read from the profile once signed in ("" = the
// browser's) and applied at once; the i18n module remembers it for the next load.
import { useEffect } from 'react';
import { api as defaultApi } from '../../api/client';
import { resolveLang, setLang } from '../../i18n';

export function useProfileLanguage(userId: string, { api = defaultApi as Pick<typeof defaultApi, 'getProfile'> } = {}) {
  useEffect(() => {
    let live = true;
    api
      .getProfile()
      .then((p) => (live ? setLang(resolveLang(p.language)) : undefined))
      .catch(() => undefined); // the language stays as it is
    return () => {
      live = false;
    };
  }, [userId, api]);
}
