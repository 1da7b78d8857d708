// Settings concern: settings, the theme they imply, and system prompts.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Prompt, Settings, SettingsPatch, Theme } from '../api/types';
import { messageOf } from '../lib/errors';

export const THEME_KEY = 'nexus-theme';

export function resolveTheme(theme: Theme): 'dark' | 'light' {
  if (theme === 'system') {
    return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  }
  return theme;
}

export function applyTheme(theme: Theme) {
  const resolved = resolveTheme(theme);
  const root = document.documentElement;
  root.classList.toggle('dark', resolved === 'dark');
  root.style.colorScheme = resolved;
  const meta = document.querySelector('meta[name="theme-color"]');
  meta?.setAttribute('content', resolved === 'dark' ? '#0b0d12' : '#ffffff');
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    /* private mode */
  }
}

export function useSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [prompts, setPrompts] = useState<Prompt[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [s, p] = await Promise.all([api.getSettings(), api.listPrompts()]);
      setSettings(s);
      setPrompts(p);
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (!settings) return;
    applyTheme(settings.theme);
    if (settings.theme !== 'system' || typeof matchMedia !== 'function') return;
    const mq = matchMedia('(prefers-color-scheme: light)');
    const on = () => applyTheme('system');
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [settings]);

  /** Applies a settings change; throws `ApiError` when the server refuses it. */
  const update = useCallback(async (patch: SettingsPatch) => {
    if (patch.theme) applyTheme(patch.theme); // instant feedback
    try {
      const s = await api.updateSettings(patch);
      setSettings(s);
      return s;
    } catch (err) {
      setSettings((s) => (s ? { ...s } : s)); // re-apply the stored theme
      throw err;
    }
  }, []);

  const reloadPrompts = useCallback(async () => setPrompts(await api.listPrompts()), []);

  const createPrompt = useCallback(
    async (body: { name: string; content: string; is_default?: boolean }) => {
      const p = await api.createPrompt(body);
      await reloadPrompts();
      return p;
    },
    [reloadPrompts],
  );

  const updatePrompt = useCallback(
    async (id: string, patch: { name?: string; content?: string; is_default?: true }) => {
      const p = await api.updatePrompt(id, patch);
      await reloadPrompts();
      return p;
    },
    [reloadPrompts],
  );

  const deletePrompt = useCallback(
    async (id: string) => {
      await api.deletePrompt(id);
      await reloadPrompts();
    },
    [reloadPrompts],
  );

  return { settings, prompts, error, refresh, update, createPrompt, updatePrompt, deletePrompt };
}

export type SettingsState = ReturnType<typeof useSettings>;
