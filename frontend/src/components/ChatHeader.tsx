import type { ModelsState } from '../hooks/useModels';
import { ModelSelector } from './ModelSelector';
import { MenuIcon } from './icons';

interface Props {
  title: string;
  model: string;
  models: ModelsState;
  busy: boolean;
  onMenu: () => void;
  onModelChange: (id: string) => void;
}

export function ChatHeader({ title, model, models, busy, onMenu, onModelChange }: Props) {
  return (
    <header className="safe-x flex items-center gap-2 border-b border-zinc-200 pb-2 pt-[calc(env(safe-area-inset-top)+0.5rem)] dark:border-zinc-800">
      <button
        type="button"
        onClick={onMenu}
        className="rounded-lg p-2 text-zinc-600 hover:bg-zinc-100 md:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
        aria-label="Open sidebar"
        data-testid="open-sidebar"
      >
        <MenuIcon />
      </button>
      <h1 className="min-w-0 flex-1 truncate text-sm font-semibold sm:text-base" data-testid="chat-title">
        {title}
      </h1>
      <div className="min-w-0 max-w-[55%] shrink">
        <ModelSelector value={model} models={models} onChange={onModelChange} disabled={busy} />
      </div>
    </header>
  );
}
