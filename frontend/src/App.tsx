import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConversationParams, ImagePart, StreamEvent, User } from './api/types';
import { ChatHeader } from './components/ChatHeader';
import { Composer } from './components/Composer';
import { ErrorBanner } from './components/ErrorBanner';
import { MessageList, type MessageActions } from './components/MessageList';
import { SettingsPanel } from './components/SettingsPanel';
import { Sidebar } from './components/Sidebar';
import { AccountDialog } from './features/auth/AccountDialog';
import { AuthScreen, JoinSignedInScreen } from './features/auth/AuthScreens';
import { joinTokenOf } from './features/auth/invite';
import { UserMenu } from './features/auth/UserMenu';
import { useAuth, type Auth } from './features/auth/useAuth';
import { useProfileLanguage } from './features/profile/useProfileLanguage';
import { t, useLang } from './i18n';
import { useJumpToMessage } from './features/search/useJumpToMessage';
import { useFolders } from './features/sidebar/useFolders';
import { useChat } from './hooks/useChat';
import { useConversations } from './hooks/useConversations';
import { useModels } from './hooks/useModels';
import { useReplyAnnouncement } from './hooks/useReplyAnnouncement';
import { useRoute } from './hooks/useRoute';
import { useSettings } from './hooks/useSettings';
import { useVisualViewport } from './hooks/useVisualViewport';
import { useWakeLock } from './hooks/useWakeLock';
import { ConversationMenu } from './features/data/ConversationMenu';
import { useAttachments } from './features/images/useAttachments';
import { imageText } from './features/images/limits';
import { shareTokenOf } from './features/share/shareLink';
import { contextTokens, formatConversationUsage, LONG_CONTEXT_TOKENS, nextMessageCost } from './lib/cost';
import { mayFocusField } from './lib/focus';
import { messageOf } from './lib/errors';
import { connectionForApi, connectionOf, findModel, SERVER_CONNECTION } from './lib/models';
import { useOutbox } from './offline/useOutbox';
import { addToOutbox, newClientId } from './offline/outbox';
import { useNetwork } from './offline/useNetwork';

// Admin panels: their own chunks, loaded when an admin opens them.
const UsersDialog = lazy(() => import('./features/admin/UsersDialog').then((m) => ({ default: m.UsersDialog })));
const HouseholdDialog = lazy(() => import('./features/household/HouseholdDialog').then((m) => ({ default: m.HouseholdDialog })));
// Offline: the marker and the waiting messages, and the code that sends them (own chunks).
const OfflineBanner = lazy(() => import('./offline/OfflineParts').then((m) => ({ default: m.OfflineBanner })));
const PendingMessages = lazy(() => import('./offline/OfflineParts').then((m) => ({ default: m.PendingMessages })));
// Search (Ctrl/Cmd-K): its own chunk, loaded when first opened.
const SearchPalette = lazy(() => import('./features/search/SearchPalette'));

// ---- Find and keep, part B: the public page of a share link, and the header's ⋯ menu ----
// `/s/<token>` shows only the shared conversation (its own chunk): no sign-in, nothing else fetched.
const SharedPage = lazy(() => import('./features/share/SharedPage').then((m) => ({ default: m.SharedPage })));

export function App() {
  // Everything below renders again in the new language when it changes.
  useLang();
  const shareToken = shareTokenOf(location.pathname);
  if (shareToken)
    return (
      <Suspense fallback={null}>
        <SharedPage token={shareToken} />
      </Suspense>
    );
  return <AccountApp />;
}
// ---- end part B ----

/**
 * Asks who is signed in first: the first-run setup or the sign-in screen until someone is;
 * then the app, as that user (everything starts afresh for another user).
 */
function AccountApp() {
  useVisualViewport();
  const auth = useAuth();
  const [, rerender] = useState(0);
  if (auth.phase === 'ready' && auth.user) {
    // An invite link opened while signed in: sign out to use it, or go on.
    if (joinTokenOf(location.pathname))
      return (
        <JoinSignedInScreen
          user={auth.user}
          onSignOut={() => void auth.signOut()}
          onContinue={() => {
            history.replaceState(null, '', '/');
            rerender((n) => n + 1);
          }}
        />
      );
    return <ChatApp key={auth.user.id} auth={auth} user={auth.user} />;
  }
  return <AuthScreen auth={auth} />;
}

function ChatApp({ auth, user }: { auth: Auth; user: User }) {
  useProfileLanguage(user.id);
  const route = useRoute();
  const convs = useConversations();
  const folders = useFolders(convs.loaded);
  // The search palette, open with what was typed to open it.
  const [search, setSearch] = useState<{ initial: string } | null>(null);
  const settings = useSettings();
  const models = useModels();
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [accountOpen, setAccountOpen] = useState(false);
  const [usersOpen, setUsersOpen] = useState(false);
  const [householdOpen, setHouseholdOpen] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  // A new chat's choices before it exists: the model (of a connection) and the parameters.
  const [draftModel, setDraftModel] = useState<{ model: string; connectionId: string } | null>(null);
  const [draftParams, setDraftParams] = useState<ConversationParams>({});
  // Counts finished replies: the conversation (its usage, the reply's cost) is read again.
  const [repliesDone, setRepliesDone] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  const { patchLocal, refresh: refreshConversations } = convs;
  // Offline: what was saved is shown read-only; messages sent wait in the outbox.
  const net = useNetwork(auth.unconfirmed);
  const offline = !net.online || auth.unconfirmed;
  // Opened without the server: once it answers, ask who is signed in (another user, or
  // nobody, leaves this screen and what was saved).
  const { unconfirmed, confirm: confirmSession } = auth;
  useEffect(() => {
    if (unconfirmed && net.online) void confirmSession();
  }, [unconfirmed, net.online, confirmSession]);
  const outbox = useOutbox(user.id);
  const keep = useCallback(
    (conversationId: string, content: string, clientId: string) =>
      addToOutbox(localStorage, user.id, { client_id: clientId, conversation_id: conversationId, content, created_at: new Date().toISOString() }),
    [user.id],
  );
  const { unreachable } = net;
  const chat = useChat({
    onUnsent: useCallback(
      (conversationId: string, content: string, clientId: string) => {
        if (!keep(conversationId, content, clientId)) return false;
        unreachable();
        return true;
      },
      [keep, unreachable],
    ),
    onEvent: useCallback(
      (e: StreamEvent, id: string) => {
        if (e.type === 'title') patchLocal(e.conversation_id, { title: e.title });
        if (e.type === 'start') patchLocal(id, { updated_at: new Date().toISOString() });
        if (e.type === 'done') setRepliesDone((n) => n + 1);
      },
      [patchLocal],
    ),
    onSettled: useCallback(() => void refreshConversations(), [refreshConversations]),
  });

  // Follow the URL: load the conversation it names.
  const { load } = chat;
  useEffect(() => {
    if (route.conversationId !== chat.conversationId) void load(route.conversationId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [route.conversationId, load]);

  // Back online: the outbox goes out (each message once), and what it started is shown.
  const waiting = outbox.filter((i) => !i.error).length;
  const pendingHere = outbox.filter((i) => i.conversation_id === route.conversationId);
  const shownId = useRef(chat.conversationId);
  shownId.current = chat.conversationId;
  useEffect(() => {
    if (offline || !waiting) return;
    void import('./offline/deliver')
      .then(({ flushOutbox }) =>
        flushOutbox(localStorage, user.id, (conversationId) => {
          void refreshConversations();
          if (conversationId === shownId.current) void load(conversationId);
        }),
      )
      .then(
        (reached) => reached || unreachable(),
        () => unreachable(), // its chunk could not be loaded
      );
  }, [offline, waiting, user.id, load, refreshConversations, unreachable]);

  // A reply ended: read the conversation again for its usage and the reply's stored cost.
  const { sync } = chat;
  useEffect(() => {
    if (repliesDone) void sync();
  }, [repliesDone, sync]);

  const active = convs.find(route.conversationId);
  const activeArchived = !!active?.archived_at;

  // A chat opened by its link that is not in a list loaded (an older page, a folder, the
  // archive): read it alone.
  const { loaded: listLoaded, refreshArchived, fetchOne } = convs;
  const missing = listLoaded && !!route.conversationId && !active;
  useEffect(() => {
    if (missing && route.conversationId) void fetchOne(route.conversationId);
  }, [missing, route.conversationId, fetchOne]);

  // Ctrl/Cmd-K opens (and closes) the search palette from anywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setSearch((s) => (s ? null : { initial: '' }));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const onShowArchived = (on: boolean) => {
    setShowArchived(on);
    if (on) void refreshArchived();
  };

  const onArchive = async (id: string, on: boolean) => {
    setNotice(null);
    try {
      await convs.setArchived(id, on);
    } catch (err) {
      setNotice(messageOf(err));
      throw err;
    }
  };

  // The server refused the model chosen (an admin changed what this user may use), or
  // the pictures for it (`images_not_supported`): the picker's list is out of date.
  const errorCode = chat.status === 'error' ? chat.error?.code : undefined;
  const { invalidate: invalidateModels } = models;
  useEffect(() => {
    if (errorCode === 'model_not_allowed' || errorCode === 'images_not_supported') invalidateModels();
  }, [errorCode, invalidateModels]);
  const model = active?.model ?? draftModel?.model ?? settings.settings?.default_model ?? '';
  // The selection is (connection, model); a new chat's default model is the server connection's.
  const connectionId = active ? connectionOf(active.connection_id) : (draftModel?.connectionId ?? SERVER_CONNECTION);
  const params = active ? (active.params ?? {}) : draftParams;

  useEffect(() => {
    document.title = active ? `${active.title} · Nexus` : 'Nexus';
  }, [active]);

  const busy = chat.status === 'submitted' || chat.status === 'streaming';
  // Said once when a reply ends (a polite live region below), never per token.
  const announcement = useReplyAnnouncement(chat);
  // Keep the screen on while a reply streams (a phone would lock mid-answer).
  useWakeLock(busy);

  const composer = useRef<HTMLTextAreaElement>(null);
  const focusComposer = useCallback(() => (mayFocusField() ? composer.current : null), []);

  // Message actions; stable so that message rows (memoized) do not re-render.
  const modelRef = useRef({ model, connectionId });
  modelRef.current = { model, connectionId };
  const { regenerate, edit, deleteMessage, switchBranch } = chat;
  const actions = useMemo<MessageActions>(
    () => ({
      // Regenerate uses the model chosen in the header (it may differ from the reply's).
      regenerate: (id) => {
        setNotice(null);
        const { model: m, connectionId: c } = modelRef.current;
        regenerate(id, m || undefined, connectionForApi(c));
      },
      edit: (id, content) => {
        setNotice(null);
        // The edited row is replaced by the new version: the composer takes the focus.
        if (mayFocusField()) composer.current?.focus();
        edit(id, content);
      },
      remove: async (id) => {
        setNotice(null);
        const refocus = mayFocusField();
        try {
          const gone = await deleteMessage(id);
          // The row (and its confirmation) goes away: the composer takes the focus.
          if (gone && refocus) composer.current?.focus();
          return gone;
        } catch (err) {
          setNotice(messageOf(err));
          return false;
        }
      },
      switchTo: async (id) => {
        setNotice(null);
        try {
          await switchBranch(id);
        } catch (err) {
          setNotice(messageOf(err));
        }
      },
    }),
    [regenerate, edit, deleteMessage, switchBranch],
  );

  // A message found by search: its branch, paged back to it, scrolled to and marked.
  const jumper = useJumpToMessage({ chat, routeId: route.conversationId, navigate: route.navigate, onError: setNotice });
  const searchModels = useMemo(() => [...new Set(Object.values(convs.state.byId).map((c) => c.model))].sort(), [convs.state.byId]);

  const closeSidebarOnPhone = () => {
    if (!matchMedia('(min-width: 768px)').matches) setSidebarOpen(false);
  };

  const onSend = async (text: string, images: ImagePart[] = []): Promise<boolean> => {
    setNotice(null);
    let id = route.conversationId;
    if (offline) {
      if (!id) {
        setNotice(t('offline.newChat'));
        return false;
      }
      if (images.length) {
        setNotice(t('offline.pictures'));
        return false;
      }
      if (!keep(id, text, newClientId())) {
        setNotice(t('offline.outboxFull'));
        return false;
      }
      return true;
    }
    if (!id) {
      try {
        const conv = await convs.create({
          ...(draftModel ? { model: draftModel.model, connection_id: connectionForApi(draftModel.connectionId) } : {}),
          ...(Object.keys(draftParams).length ? { params: draftParams } : {}),
        });
        id = conv.id;
      } catch (err) {
        setNotice(messageOf(err));
        return false;
      }
      void chat.send(id, text, undefined, undefined, images);
      route.navigate(id);
      setDraftModel(null);
      setDraftParams({});
      return true;
    }
    void chat.send(id, text, undefined, undefined, images);
    return true;
  };

  const onModelChange = async (id: string, conn: string) => {
    setNotice(null);
    if (!active) {
      setDraftModel({ model: id, connectionId: conn });
      return;
    }
    try {
      await convs.update(active.id, { model: id, connection_id: connectionForApi(conn) });
    } catch (err) {
      setNotice(messageOf(err));
    }
  };

  /** Saves the parameters (the whole object); a new chat keeps them until it is created. */
  const onParamsSave = async (next: ConversationParams) => {
    setNotice(null);
    if (!active) {
      setDraftParams(next);
      return;
    }
    await convs.update(active.id, { params: next }); // 400 invalid_params: the dialog says why
  };

  // The selected model's price: what the next message costs at least, once the chat is long.
  const selectedModel = findModel(models.models, connectionId, model);
  const nextCost = useMemo(
    () => (busy ? null : nextMessageCost(chat.messages, selectedModel?.prompt_price_per_mtok)),
    [busy, chat.messages, selectedModel?.prompt_price_per_mtok],
  );
  const { load: loadModels } = models;
  // Pictures: the chosen model's `images` says whether it can see them (unknown until the
  // model list is loaded: when the user shows intent to attach, or once pictures are attached).
  const attachments = useAttachments();
  const imagesOffModel = selectedModel?.images === false ? selectedModel.name || model : null;
  const loadModelsForImages = useCallback(() => void loadModels(), [loadModels]);
  const hasPictures = attachments.items.length > 0;
  useEffect(() => {
    if (hasPictures) void loadModels();
  }, [hasPictures, loadModels, model, connectionId]);
  const long = useMemo(() => contextTokens(chat.messages) >= LONG_CONTEXT_TOKENS, [chat.messages]);
  useEffect(() => {
    if (long) void loadModels(); // the price of the model chosen
  }, [long, loadModels]);
  const conversationUsage = chat.conversationId && chat.conversationId === route.conversationId ? chat.usage : null;

  const onDelete = async (id: string) => {
    try {
      await convs.remove(id);
      if (id === route.conversationId) route.navigate(null, true);
    } catch (err) {
      setNotice(messageOf(err));
      throw err;
    }
  };

  // Only when the chat uses the server connection: another connection has its own key.
  const keyMissing = settings.settings ? !settings.settings.api_key.configured && connectionId === SERVER_CONNECTION : false;
  const openSettings = () => {
    setSidebarOpen(false);
    setSettingsOpen(true);
  };
  const openAccount = () => {
    setSidebarOpen(false);
    setAccountOpen(true);
  };
  const openUsers = () => {
    setSidebarOpen(false);
    setUsersOpen(true);
  };
  const openHousehold = () => {
    setSidebarOpen(false);
    setHouseholdOpen(true);
  };
  const signOut = () => void auth.signOut();

  return (
    <div className="app-shell flex overflow-clip bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <Sidebar
        convs={convs}
        folders={folders}
        activeId={route.conversationId}
        open={sidebarOpen}
        onSearch={(initial) => setSearch({ initial })}
        onNotice={setNotice}
        showArchived={showArchived}
        onShowArchived={onShowArchived}
        onArchive={onArchive}
        onClose={() => setSidebarOpen(false)}
        onNew={() => {
          route.navigate(null);
          setDraftModel(null);
          setDraftParams({});
          setShowArchived(false);
          closeSidebarOnPhone();
        }}
        onSelect={(id) => {
          route.navigate(id);
          closeSidebarOnPhone();
        }}
        onDelete={onDelete}
        offline={offline}
        onSettings={openSettings}
        footer={<UserMenu user={user} onAccount={openAccount} onUsers={openUsers} onHousehold={openHousehold} onSignOut={signOut} />}
      />
      <main className={`relative flex min-w-0 flex-1 flex-col${attachments.dragging ? ' ring-4 ring-inset ring-indigo-400' : ''}`} {...attachments.dropProps}>
        {attachments.dragging && (
          <div className="pointer-events-none absolute inset-0 z-40 flex items-center justify-center bg-indigo-500/10 text-lg font-medium text-indigo-700 dark:text-indigo-300" data-testid="drop-overlay">
            {imageText.drop}
          </div>
        )}
        <ChatHeader
          title={active?.title ?? (route.conversationId ? '' : t('sidebar.newChat'))}
          model={model}
          connectionId={connectionId}
          models={models}
          busy={busy || offline}
          onMenu={() => setSidebarOpen(true)}
          onModelChange={onModelChange}
          params={params}
          onParamsSave={active || !route.conversationId ? onParamsSave : undefined}
          usage={formatConversationUsage(conversationUsage)}
          usageEstimated={!!conversationUsage?.cost_estimated}
          onRename={
            active && !offline
              ? async (title) => {
                  await convs.update(active.id, { title });
                }
              : undefined
          }
          archived={activeArchived}
          onArchive={active && !offline ? (on) => onArchive(active.id, on) : undefined}
          menu={active && !offline ? <ConversationMenu conversationId={active.id} title={active.title} onError={setNotice} /> : undefined}
        />
        <MessageList
          conversationId={chat.conversationId}
          messages={chat.messages}
          status={chat.status}
          loading={chat.loading}
          loadError={chat.loadError}
          hasMore={chat.hasMore}
          loadingOlder={chat.loadingOlder}
          olderError={chat.olderError}
          onLoadOlder={chat.loadOlder}
          reconnecting={chat.reconnecting}
          actions={actions}
          regenerateModel={model}
          highlightId={jumper.highlightId}
          readOnly={offline}
        />
        <Suspense fallback={null}>
          {offline && <OfflineBanner />}
          {pendingHere.length > 0 && <PendingMessages userId={user.id} items={pendingHere} />}
        </Suspense>
        <ErrorBanner
          error={chat.status === 'error' ? chat.error : null}
          notice={notice}
          keyMissing={keyMissing && chat.messages.length === 0}
          onRetry={chat.retry}
          onDismiss={() => {
            chat.dismissError();
            setNotice(null);
          }}
          returnFocus={focusComposer}
          onSettings={openSettings}
        />
        <Composer
          status={chat.status}
          stopping={chat.stopping}
          onSend={onSend}
          onStop={chat.stop}
          disabled={!!chat.loadError}
          inputRef={composer}
          nextCost={nextCost}
          attachments={attachments}
          imagesOffModel={imagesOffModel}
          onImagesIntent={loadModelsForImages}
        />
      </main>
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="reply-announcement">
        {announcement}
      </div>
      {settingsOpen && (
        <SettingsPanel
          state={settings}
          models={models}
          onClose={() => setSettingsOpen(false)}
          returnFocus={focusComposer}
          isAdmin={user.role === 'admin'}
          onImported={() => void refreshConversations()}
        />
      )}
      {accountOpen && (
        <AccountDialog
          user={user}
          onClose={() => setAccountOpen(false)}
          onSignOut={signOut}
          onSignedOut={auth.signedOut}
          returnFocus={focusComposer}
        />
      )}
      <Suspense fallback={null}>
        {usersOpen && user.role === 'admin' && (
          <UsersDialog me={user} onClose={() => setUsersOpen(false)} onSelfChanged={() => void auth.refreshUser()} returnFocus={focusComposer} />
        )}
        {householdOpen && user.role === 'admin' && <HouseholdDialog onClose={() => setHouseholdOpen(false)} returnFocus={focusComposer} />}
        {search && (
          <SearchPalette
            initial={search.initial}
            folders={folders.folders ?? []}
            tags={folders.tags}
            onWantTags={folders.ensureTags}
            models={searchModels}
            onClose={() => setSearch(null)}
            returnFocus={focusComposer}
            onOpenConversation={(id) => {
              route.navigate(id);
              closeSidebarOnPhone();
            }}
            onOpenMessage={(id, messageId) => {
              closeSidebarOnPhone();
              void jumper.jump(id, messageId);
            }}
          />
        )}
      </Suspense>
    </div>
  );
}
