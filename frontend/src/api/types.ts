// Types mirroring docs/api.md.

export interface Conversation {
  id: string;
  title: string;
  model: string;
  system_prompt_id: string | null;
  created_at: string;
  updated_at: string;
  message_count: number;
  preview?: string;
}

export type MessageRole = 'user' | 'assistant';
export type MessageStatus = 'streaming' | 'completed' | 'error' | 'interrupted';

export interface MessageMetadata {
  model?: string;
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  cost?: number;
  time_to_first_token_ms?: number;
  duration_ms?: number;
  finish_reason?: string;
  error?: string;
  [key: string]: unknown;
}

export interface Message {
  id: string;
  conversation_id: string;
  role: MessageRole;
  content: string;
  model: string | null;
  status: MessageStatus;
  metadata: MessageMetadata;
  created_at: string;
  updated_at: string;
}

export interface ConversationDetail {
  conversation: Conversation;
  messages: Message[];
}

export type Theme = 'dark' | 'light' | 'system';

export interface Settings {
  default_model: string;
  title_model: string;
  theme: Theme;
  openrouter_base_url: string;
  openrouter_base_url_source: 'settings' | 'variable' | 'default';
  api_key: { configured: boolean; source?: 'settings' | 'variable' | null; hint?: string | null };
}

export interface SettingsPatch {
  default_model?: string;
  title_model?: string;
  theme?: Theme;
  openrouter_base_url?: string;
  openrouter_api_key?: string | null;
}

export interface Model {
  id: string;
  name: string;
  provider: string;
  context_length: number | null;
  prompt_price_per_mtok: number | null;
  completion_price_per_mtok: number | null;
}

export interface ModelList {
  models: Model[];
  fetched_at: number;
  cached: boolean;
  warning?: string;
}

export interface Prompt {
  id: string;
  name: string;
  content: string;
  is_default: boolean;
  created_at: string;
  updated_at: string;
}

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  cost?: number;
}

/** One event of the `POST /api/conversations/{id}/messages` stream. */
export type StreamEvent =
  | { type: 'start'; user_message_id: string; message_id: string; conversation_id: string }
  | { type: 'delta'; content: string }
  | { type: 'done'; message_id: string; model: string; usage?: Usage }
  | { type: 'error'; message_id?: string; message: string }
  | { type: 'title'; conversation_id: string; title: string };
