// Folders (one level) and the tags in use: loaded once, read again after changes that
// move their counts. A server without them yet (404) shows none.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, libraryApi } from '../../api/client';
import type { Folder, TagCount } from '../../api/types';
import { messageOf } from '../../lib/errors';

/** `ready`: the first page of the list is in (the folders are read after it). */
export function useFolders(ready = true) {
  const [folders, setFolders] = useState<Folder[] | null>(null);
  const [tags, setTags] = useState<TagCount[]>([]);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const tagSeq = useRef(0);

  const refreshFolders = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const list = await libraryApi.listFolders();
      if (mine === seq.current) {
        setFolders(list);
        setError(null);
      }
    } catch (err) {
      if (mine !== seq.current) return;
      if (err instanceof ApiError && err.status === 404) setFolders([]);
      else setError(messageOf(err));
    }
  }, []);

  const refreshTags = useCallback(async () => {
    const mine = ++tagSeq.current;
    try {
      const list = await libraryApi.listTags();
      if (mine === tagSeq.current) setTags(list);
    } catch {
      /* suggestions only */
    }
  }, []);

  // Tags are read when first needed (the tag editor, Select mode, the search filters).
  const tagsWanted = useRef(false);
  const ensureTags = useCallback(() => {
    if (tagsWanted.current) return;
    tagsWanted.current = true;
    void refreshTags();
  }, [refreshTags]);

  /** Counts (and tags, once wanted) after conversations moved, were tagged, archived or deleted. */
  const refresh = useCallback(() => {
    void refreshFolders();
    if (tagsWanted.current) void refreshTags();
  }, [refreshFolders, refreshTags]);

  // The folders once the first page of chats is in (that comes first on a busy start).
  useEffect(() => {
    if (ready) void refreshFolders();
  }, [ready, refreshFolders]);

  const create = useCallback(async (name: string) => {
    const f = await libraryApi.createFolder(name.trim());
    seq.current++;
    setFolders((list) => [...(list ?? []).filter((x) => x.id !== f.id), f].sort((a, b) => a.name.localeCompare(b.name)));
    return f;
  }, []);

  const rename = useCallback(async (id: string, name: string) => {
    const f = await libraryApi.renameFolder(id, name.trim());
    seq.current++;
    setFolders((list) => (list ?? []).map((x) => (x.id === id ? { ...x, ...f } : x)).sort((a, b) => a.name.localeCompare(b.name)));
    return f;
  }, []);

  const remove = useCallback(async (id: string) => {
    await libraryApi.deleteFolder(id);
    seq.current++;
    setFolders((list) => (list ?? []).filter((x) => x.id !== id));
  }, []);

  return { folders, tags, error, refresh, refreshTags, ensureTags, create, rename, remove };
}

export type FoldersState = ReturnType<typeof useFolders>;
