// Generated from docs/openapi.json by openapi-typescript (npm run api:types).
// Do not edit: change the document, then regenerate. `npm test` checks this file is current.
export interface paths {
    "/api/auth/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether setup is needed, who is signed in, the registration mode */
        get: operations["accounts_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create the first (admin) account; sets the session cookie */
        post: operations["accounts_setup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in; sets the session cookie */
        post: operations["accounts_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset a forgotten password with the server's recovery_token */
        post: operations["accounts_recover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a member account (registration open, or an invite) */
        post: operations["accounts_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this session and clear the cookie */
        post: operations["accounts_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's sessions, newest first */
        get: operations["accounts_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sessions/revoke-others": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out every other session */
        post: operations["accounts_revoke_others"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of the caller's sessions */
        delete: operations["accounts_revoke_session"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["accounts_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password; signs out every other session */
        post: operations["accounts_change_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's API tokens */
        get: operations["accounts_tokens"];
        put?: never;
        /** Create an API token (shown once) */
        post: operations["accounts_create_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token */
        delete: operations["accounts_revoke_token"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's effective limits and what is used of them */
        get: operations["accounts_my_limits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's usage in a month */
        get: operations["accounts_my_usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's profile */
        get: operations["accounts_profile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the profile */
        patch: operations["accounts_patch_profile"];
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every user with this month's activity */
        get: operations["accounts_list_users"];
        put?: never;
        /** Create a user */
        post: operations["accounts_create_user"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a user and all their data */
        delete: operations["accounts_delete_user"];
        options?: never;
        head?: never;
        /** Change a user's role, disabled state or password */
        patch: operations["accounts_update_user"];
        trace?: never;
    };
    "/api/admin/users/{id}/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's limits and the defaults */
        get: operations["accounts_user_limits"];
        /** Set a user's limits */
        put: operations["accounts_put_user_limits"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's usage in a month */
        get: operations["accounts_user_usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/context": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The household context and its versions (newest first, at most 100) */
        get: operations["accounts_context"];
        put?: never;
        /** Save a new version of the household context */
        post: operations["accounts_save_context"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/context/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Save an old version's text as the new version */
        post: operations["accounts_restore_context"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/registration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The registration mode */
        get: operations["accounts_registration"];
        /** Set the registration mode */
        put: operations["accounts_put_registration"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every invite */
        get: operations["accounts_invites"];
        put?: never;
        /** Create an invite (its token is shown once) */
        post: operations["accounts_create_invite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invites/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an invite */
        delete: operations["accounts_delete_invite"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and whether a provider key is configured */
        get: operations["settings_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document (OpenAPI 3.1) */
        get: operations["settings_openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's settings (and the household's, key write-only) */
        get: operations["settings_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change settings (provider fields: admins) */
        patch: operations["settings_patch"];
        trace?: never;
    };
    "/api/settings/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The models of every connection the caller may use */
        get: operations["settings_models"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The connections the caller may see, the kinds and allowed hosts */
        get: operations["settings_list_connections"];
        put?: never;
        /** Add a household or personal connection */
        post: operations["settings_create_connection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/connections/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test a draft connection (nothing is stored) */
        post: operations["settings_test_draft_connection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a connection */
        delete: operations["settings_delete_connection"];
        options?: never;
        head?: never;
        /** Change a connection */
        patch: operations["settings_patch_connection"];
        trace?: never;
    };
    "/api/settings/connections/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test a saved connection */
        post: operations["settings_test_connection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/prompts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's system prompts (default first) */
        get: operations["settings_list_prompts"];
        put?: never;
        /** Create a system prompt */
        post: operations["settings_create_prompt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/prompts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One system prompt */
        get: operations["settings_get_prompt"];
        put?: never;
        post?: never;
        /** Delete a system prompt (not the default) */
        delete: operations["settings_delete_prompt"];
        options?: never;
        head?: never;
        /** Change a system prompt */
        patch: operations["settings_patch_prompt"];
        trace?: never;
    };
    "/api/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One page of the caller's conversations, newest activity first */
        get: operations["conversations_list"];
        put?: never;
        /** Create a conversation */
        post: operations["conversations_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** One action on many conversations, in one commit */
        post: operations["conversations_bulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A conversation and the newest page of the branch it shows */
        get: operations["conversations_get"];
        put?: never;
        post?: never;
        /** Delete a conversation and its messages */
        delete: operations["conversations_delete"];
        options?: never;
        head?: never;
        /** Change a conversation */
        patch: operations["conversations_patch"];
        trace?: never;
    };
    "/api/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the branch shown, oldest first */
        get: operations["messages_page"];
        put?: never;
        /** Send a message; the reply streams as server-sent events */
        post: operations["messages_send"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/messages/{mid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One message */
        get: operations["messages_get"];
        put?: never;
        post?: never;
        /** Delete a message and everything below it */
        delete: operations["messages_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/messages/{mid}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Follow a reply from an offset */
        get: operations["messages_follow"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/messages/{mid}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a reply being generated */
        post: operations["messages_stop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/messages/{mid}/regenerate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new reply to the same user message, streamed */
        post: operations["messages_regenerate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/messages/{mid}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Show the branch through this message */
        post: operations["messages_activate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a picture to send with a message (the raw bytes, not JSON)
         * @description The body is the picture's bytes with `Content-Type: image/…`; its type and size are read from the bytes (PNG, JPEG, WebP, GIF), never from the header. At most MAX_IMAGE_BYTES (5 MiB). A picture not sent with a message within 24 h is deleted.
         */
        post: operations["messages_image_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/images/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller's pictures */
        get: operations["messages_image"];
        put?: never;
        post?: never;
        /** Delete a picture not sent with a message yet */
        delete: operations["messages_image_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Full-text search over the caller's messages and titles */
        get: operations["library_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/folders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's folders, by name */
        get: operations["library_list_folders"];
        put?: never;
        /** Create a folder */
        post: operations["library_create_folder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/folders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a folder (its conversations stay, in no folder) */
        delete: operations["library_delete_folder"];
        options?: never;
        head?: never;
        /** Rename a folder */
        patch: operations["library_rename_folder"];
        trace?: never;
    };
    "/api/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tags on the caller's conversations */
        get: operations["library_list_tags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prompt templates: household first, then by name */
        get: operations["library_list_templates"];
        put?: never;
        /** Create a prompt template */
        post: operations["library_create_template"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a prompt template */
        delete: operations["library_delete_template"];
        options?: never;
        head?: never;
        /** Change a prompt template */
        patch: operations["library_patch_template"];
        trace?: never;
    };
    "/api/shares": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's share links, newest first */
        get: operations["library_list_shares"];
        put?: never;
        /** Share a snapshot of the branch a conversation shows */
        post: operations["library_create_share"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shares/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a share link */
        delete: operations["library_delete_share"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shared/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A shared conversation (no sign-in) */
        get: operations["library_shared"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shared/{token}/images/{image_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A picture of a shared conversation (no sign-in) */
        get: operations["library_shared_image"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every conversation of the caller, as a download */
        get: operations["library_export_all"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/export/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One conversation, as a download */
        get: operations["library_export_one"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import a Nexus export (up to 1 GiB), ChatGPT or Open WebUI export (up to 64 MiB) */
        post: operations["library_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/backup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A consistent snapshot of the whole instance, as a download */
        get: operations["library_backup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a backup into an instance with no accounts (up to 1 GiB) */
        post: operations["library_restore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description The machine-readable reason of an error answer (docs/api.md, Errors).
         * @enum {string}
         */
        ErrorCode: "bad_request" | "invalid_query" | "invalid_params" | "invalid_tag" | "invalid_month" | "invalid_kind" | "invalid_base_url" | "api_key_required" | "host_not_allowed" | "invalid_import" | "invalid_backup" | "backup_version" | "empty_conversation" | "images_not_supported" | "unauthenticated" | "bad_credentials" | "cross_site" | "admin_only" | "account_disabled" | "wrong_password" | "registration_closed" | "invalid_invite" | "recovery_disabled" | "bad_recovery_token" | "member_connections_off" | "chat_limit" | "budget_exhausted" | "model_not_allowed" | "moderation_flagged" | "not_found" | "method_not_allowed" | "conflict" | "already_set_up" | "duplicate" | "image_in_use" | "username_taken" | "last_admin" | "cannot_delete_self" | "folder_exists" | "connection_disabled" | "encryption_key_missing" | "encryption_key_invalid" | "not_empty" | "payload_too_large" | "image_too_large" | "too_many_images" | "unsupported_media_type" | "unsupported_image" | "too_many_attempts" | "rate_limited" | "bad_gateway" | "internal";
        /** @description Every 4xx/5xx answer of the API. */
        Error: {
            /** @description A sentence saying what to change. */
            error: string;
            code: components["schemas"]["ErrorCode"];
            /** @description host_not_allowed: the variable to set. */
            variable?: string;
            /** @description host_not_allowed: the host to allow. */
            host?: string;
            /** @description duplicate: the id of the user message already stored with this `client_id`. */
            message_id?: string;
        };
        /** @enum {string} */
        Role: "admin" | "member";
        User: {
            /** @description A UUID. */
            id: string;
            username: string;
            role: components["schemas"]["Role"];
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
        };
        UserBody: {
            user: components["schemas"]["User"];
        };
        /** @enum {string} */
        RegistrationMode: "closed" | "invite" | "open";
        AuthStatus: {
            setup_required: boolean;
            user: components["schemas"]["User"] | null;
            registration: components["schemas"]["RegistrationMode"];
        };
        Credentials: {
            username: string;
            password: string;
        };
        SignUp: {
            username: string;
            password: string;
            /** @description An invite token (registration `invite`). */
            invite?: string;
        };
        Recovery: {
            token: string;
            username: string;
            new_password: string;
        };
        Recovered: {
            user: components["schemas"]["User"];
            /** @constant */
            password_reset: true;
        };
        Session: {
            /** @description A UUID. */
            id: string;
            current: boolean;
            user_agent: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            last_seen_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            expires_at: string;
        };
        SessionList: {
            sessions: components["schemas"]["Session"][];
        };
        /** @description An empty object `{}`. */
        Empty: Record<string, never>;
        Revoked: {
            revoked: number;
        };
        PasswordChange: {
            current_password: string;
            new_password: string;
        };
        ApiToken: {
            /** @description A UUID. */
            id: string;
            name: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            last_used_at: string | null;
        };
        ApiTokenList: {
            tokens: components["schemas"]["ApiToken"][];
        };
        NewApiToken: {
            /** @description A UUID. */
            id: string;
            name: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            last_used_at: string | null;
            /** @description `nx_` and 64 hex digits; shown this once. */
            token: string;
        };
        TokenCreate: {
            name: string;
        };
        RequestWindow: {
            requests: number;
            seconds: number;
        };
        /** @description Per-user limits. Set by an admin (`limits`): null = the default applies. As defaults or effective limits: null = no limit. */
        Limits: {
            max_chats: number | null;
            requests_per_window: components["schemas"]["RequestWindow"] | null;
            monthly_token_budget: number | null;
            allowed_models: string[] | null;
        };
        /** @description A user's limits as an admin sets them; an absent or null field: the default applies. */
        LimitsPut: {
            max_chats?: number | null;
            requests_per_window?: components["schemas"]["RequestWindow"] | null;
            monthly_token_budget?: number | null;
            allowed_models?: string[] | null;
        };
        LimitUsage: {
            active_chats: number;
            tokens_this_month: number;
            requests_in_window: number;
        };
        MyLimits: {
            limits: components["schemas"]["Limits"];
            usage: components["schemas"]["LimitUsage"];
        };
        UserLimits: {
            limits: components["schemas"]["Limits"];
            defaults: components["schemas"]["Limits"];
        };
        UsageTotals: {
            prompt_tokens: number;
            completion_tokens: number;
            /** @description USD; null when no reply's cost is known. */
            cost: number | null;
            cost_estimated: boolean;
            replies: number;
        };
        UsageDay: {
            /** @description YYYY-MM-DD (UTC). */
            day: string;
            prompt_tokens: number;
            completion_tokens: number;
            cost: number | null;
            cost_estimated: boolean;
            replies: number;
        };
        UsageModel: {
            model: string;
            prompt_tokens: number;
            completion_tokens: number;
            cost: number | null;
            cost_estimated: boolean;
            replies: number;
        };
        UsageReport: {
            /** @description YYYY-MM. */
            month: string;
            days: components["schemas"]["UsageDay"][];
            models: components["schemas"]["UsageModel"][];
            total: {
                prompt_tokens: number;
                completion_tokens: number;
                tokens: number;
                cost: number | null;
                cost_estimated: boolean;
                replies: number;
            };
            budget: {
                monthly_token_budget: number | null;
                used: number;
            };
        };
        /** @enum {string} */
        Language: "" | "en" | "ru";
        Profile: {
            about_me: string;
            language: components["schemas"]["Language"];
        };
        ProfilePatch: {
            /** @description At most 5,000 characters. */
            about_me?: string;
            language?: components["schemas"]["Language"];
        };
        AdminUser: {
            /** @description A UUID. */
            id: string;
            username: string;
            role: components["schemas"]["Role"];
            disabled: boolean;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            last_active_at: string | null;
            conversations: number;
            messages_this_month: number;
            tokens_this_month: number;
            /** @description USD; null when no cost is known. */
            cost_this_month: number | null;
        };
        AdminUserList: {
            users: components["schemas"]["AdminUser"][];
        };
        AdminUserBody: {
            user: components["schemas"]["AdminUser"];
        };
        NewUser: {
            username: string;
            password: string;
            role?: components["schemas"]["Role"];
        };
        AdminUserPatch: {
            role?: components["schemas"]["Role"];
            disabled?: boolean;
            password?: string;
        };
        ContextVersion: {
            /** @description A UUID. */
            id: string;
            content: string;
            /** @description Username of whoever saved it; null when that account is gone. */
            created_by: string | null;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
        };
        HouseholdContext: {
            current: components["schemas"]["ContextVersion"] | null;
            versions: components["schemas"]["ContextVersion"][];
        };
        ContextVersionBody: {
            version: components["schemas"]["ContextVersion"];
        };
        ContextSave: {
            /** @description At most 20,000 characters; "" = none. */
            content: string;
        };
        Registration: {
            mode: components["schemas"]["RegistrationMode"];
        };
        Invite: {
            /** @description A UUID. */
            id: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            expires_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            used_at: string | null;
            used_by: string | null;
            created_by: string | null;
        };
        InviteList: {
            invites: components["schemas"]["Invite"][];
        };
        InviteCreate: {
            /** @default 72 */
            expires_in_hours: number;
        };
        NewInvite: {
            invite: components["schemas"]["Invite"];
            /** @description Shown this once. */
            token: string;
            /** @description `/join/<token>`. */
            path: string;
        };
        Health: {
            /** @constant */
            status: "ok";
            version: string;
            api_key_configured: boolean;
        };
        HealthError: {
            /** @constant */
            status: "error";
            error: string;
        };
        /** @description Sampling parameters; `{}` = the provider's defaults. */
        Params: {
            temperature?: number;
            max_tokens?: number;
            top_p?: number;
        };
        Conversation: {
            /** @description A UUID. */
            id: string;
            title: string;
            model: string;
            /** @description null: the default prompt. */
            system_prompt_id: string | null;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            updated_at: string;
            message_count: number;
            /** @description The last message of the branch shown. */
            active_leaf_id: string | null;
            /** @description Lists only: the first 120 characters of the last message of the branch shown. */
            preview?: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            archived_at: string | null;
            /** @description null: the server connection. */
            connection_id: string | null;
            params: components["schemas"]["Params"];
            folder_id: string | null;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            pinned_at: string | null;
            tags: string[];
        };
        ConversationPage: {
            conversations: components["schemas"]["Conversation"][];
            next_cursor: string | null;
            pinned: components["schemas"]["Conversation"][];
        };
        ConversationCreate: {
            model?: string;
            system_prompt_id?: string;
            connection_id?: string | null;
            params?: components["schemas"]["Params"];
        };
        ConversationPatch: {
            title?: string;
            model?: string;
            system_prompt_id?: string | null;
            connection_id?: string | null;
            params?: components["schemas"]["Params"];
            archived?: boolean;
            folder_id?: string | null;
            pinned?: boolean;
            tags?: string[];
        };
        /** @enum {string} */
        BulkAction: "move" | "tag" | "untag" | "pin" | "unpin" | "archive" | "unarchive" | "delete";
        BulkRequest: {
            ids: string[];
            action: components["schemas"]["BulkAction"];
            folder_id?: string | null;
            tag?: string;
        };
        BulkResult: {
            changed: number;
        };
        ConversationUsage: {
            prompt_tokens: number;
            completion_tokens: number;
            cost: number | null;
            cost_estimated: boolean;
            replies: number;
        };
        /** @enum {string} */
        MessageRole: "user" | "assistant";
        /** @enum {string} */
        MessageStatus: "streaming" | "completed" | "stopped" | "error" | "interrupted" | "refused";
        TextPart: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "text";
            text: string;
        };
        /** @description What a reasoning model thought before answering; shown folded, never sent back to a model. */
        ReasoningPart: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "reasoning";
            text: string;
        };
        /** @description One typed part of a message, in order. */
        Part: components["schemas"]["TextPart"] | components["schemas"]["ReasoningPart"] | components["schemas"]["ImagePart"];
        /** @description Keys present when known. */
        MessageMetadata: {
            model?: string;
            prompt_tokens?: number;
            completion_tokens?: number;
            total_tokens?: number;
            /** @description USD. */
            cost?: number;
            cost_estimated?: boolean;
            connection_id?: string;
            provider?: string;
            time_to_first_token_ms?: number;
            duration_ms?: number;
            finish_reason?: string;
            retries?: number;
            error?: string;
            error_code?: string;
            moderation?: {
                flagged: boolean;
                categories: string[];
            };
        } & {
            [key: string]: unknown;
        };
        Message: {
            /** @description A UUID. */
            id: string;
            /** @description A UUID. */
            conversation_id: string;
            /** @description null for the first message of a branch. */
            parent_id: string | null;
            /** @description Every message with the same parent, oldest first, this one included. */
            sibling_ids: string[];
            role: components["schemas"]["MessageRole"];
            content: string;
            model: string | null;
            status: components["schemas"]["MessageStatus"];
            metadata: components["schemas"]["MessageMetadata"];
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            updated_at: string;
            parts: components["schemas"]["Part"][];
            /** @description The id the client made for this message when it sent it (absent when it gave none). */
            client_id?: string;
        };
        ConversationDetail: {
            conversation: components["schemas"]["Conversation"];
            messages: components["schemas"]["Message"][];
            has_more: boolean;
            usage: components["schemas"]["ConversationUsage"];
        };
        MessagePage: {
            messages: components["schemas"]["Message"][];
            has_more: boolean;
        };
        SendRequest: {
            /** @description At most 100,000 characters. Required, and not blank, unless `images` names a picture (then it may be empty or absent). */
            content?: string;
            /** @description Pictures to send, by the ids POST /api/images gave (at most MAX_IMAGES_PER_MESSAGE, 4; more is 413 too_many_images; an id that is not the caller's picture is 404). */
            images?: string[];
            /**
             * Format: uuid
             * @description A UUID the client made for this message: a second send with it in this conversation is 409 duplicate (with the stored `message_id`).
             */
            client_id?: string;
            model?: string;
            /** @description Absent: the branch shown; an id: continue from it; null: a new root. */
            parent_id?: string | null;
            connection_id?: string | null;
        };
        RegenerateRequest: {
            model?: string;
            connection_id?: string | null;
        };
        ActivateRequest: {
            limit?: number;
        };
        StopAnswer: {
            /** @description A UUID. */
            message_id: string;
            /** @constant */
            stop_requested: true;
        };
        StreamUsage: {
            prompt_tokens?: number;
            completion_tokens?: number;
            total_tokens?: number;
            cost?: number;
        };
        StartEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "start";
            /** @description A UUID. */
            user_message_id: string;
            /** @description A UUID. */
            message_id: string;
            /** @description A UUID. */
            conversation_id: string;
        };
        AttachedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "attached";
            /** @description A UUID. */
            message_id: string;
            /** @description A UUID. */
            conversation_id: string;
            offset: number;
        };
        DeltaEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "delta";
            content: string;
        };
        /** @description Sent without `id:` (offsets count the answer's text only). */
        ReasoningEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "reasoning";
            content: string;
        };
        DoneEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "done";
            /** @description A UUID. */
            message_id: string;
            model: string;
            /** @enum {string} */
            status: "completed" | "stopped";
            usage: components["schemas"]["StreamUsage"];
        };
        /**
         * @description The machine-readable reason a reply failed (`error` events, `metadata.error_code`). `duplicate`: a send with the same `client_id` stored its message at the same moment; `image_gone`: a picture of the message was deleted between the send's check and its storing (nothing stored).
         * @enum {string}
         */
        ReplyErrorCode: "no_api_key" | "auth" | "no_credit" | "model_not_found" | "rate_limited" | "refused" | "provider_error" | "unreachable" | "connection_lost" | "timeout" | "too_long" | "interrupted" | "deleted" | "internal" | "duplicate" | "image_gone";
        ErrorEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "error";
            /** @description A UUID. */
            message_id: string;
            code: components["schemas"]["ReplyErrorCode"];
            message: string;
        };
        TitleEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "title";
            /** @description A UUID. */
            conversation_id: string;
            title: string;
        };
        /** @description The JSON of one `data:` line of a reply stream. Each event but `reasoning` has `id:` = the characters of the reply the client has after it. */
        StreamEvent: components["schemas"]["StartEvent"] | components["schemas"]["AttachedEvent"] | components["schemas"]["DeltaEvent"] | components["schemas"]["ReasoningEvent"] | components["schemas"]["DoneEvent"] | components["schemas"]["ErrorEvent"] | components["schemas"]["TitleEvent"];
        /** @enum {string} */
        Theme: "dark" | "light" | "system";
        /** @enum {string} */
        Protocol: "openai" | "anthropic";
        Settings: {
            default_model: string;
            /** @description "": the conversation's model. */
            title_model: string;
            theme: components["schemas"]["Theme"];
            openrouter_base_url: string;
            /** @enum {string} */
            openrouter_base_url_source: "settings" | "variable" | "default";
            provider_protocol: components["schemas"]["Protocol"];
            api_key: {
                configured: boolean;
                /** @enum {string} */
                source?: "settings" | "variable";
                problem?: string;
                /** @description Admins only: the key's last characters. */
                hint?: string;
            };
            allow_member_connections: boolean;
            moderation: boolean;
        };
        SettingsPatch: {
            default_model?: string;
            title_model?: string;
            theme?: components["schemas"]["Theme"];
            /** @description "": back to the variable. */
            openrouter_base_url?: string;
            /** @description "" or null: forget it. */
            openrouter_api_key?: string | null;
            provider_protocol?: components["schemas"]["Protocol"];
            allow_member_connections?: boolean;
            moderation?: boolean;
        };
        Model: {
            id: string;
            name: string;
            provider: string;
            context_length?: number;
            /** @description USD per million tokens. */
            prompt_price_per_mtok?: number;
            completion_price_per_mtok?: number;
            /** @description Whether the model takes pictures as input (docs/api.md, Models); a send with `images` to a model without it is 400 images_not_supported. */
            images: boolean;
            connection_id: string;
            connection_name: string;
            connection_kind: components["schemas"]["ConnectionKindName"];
        };
        ModelListConnection: {
            id: string;
            name: string;
            kind: components["schemas"]["ConnectionKindName"];
            count: number;
            /** @description Unix seconds. */
            fetched_at: number;
            cached: boolean;
            warning?: string;
        };
        ModelList: {
            models: components["schemas"]["Model"][];
            connections: components["schemas"]["ModelListConnection"][];
            fetched_at: number;
            cached: boolean;
            warning?: string;
        };
        /** @enum {string} */
        ConnectionKindName: "openrouter" | "openai" | "anthropic" | "google" | "deepseek" | "compatible";
        /** @enum {string} */
        ConnectionScope: "server" | "household" | "personal";
        Connection: {
            /** @description A UUID, or `default`: the server connection. */
            id: string;
            kind: components["schemas"]["ConnectionKindName"];
            name: string;
            base_url: string;
            scope: components["schemas"]["ConnectionScope"];
            enabled: boolean;
            key: {
                configured: boolean;
                hint?: string;
                problem?: string;
            };
            editable: boolean;
            /**
             * Format: date-time
             * @description null for the server connection.
             */
            created_at: string | null;
        };
        ConnectionKind: {
            kind: components["schemas"]["ConnectionKindName"];
            label: string;
            /** @description null: the user gives it (`compatible`). */
            base_url: string | null;
            protocol: components["schemas"]["Protocol"];
            needs_key: boolean;
        };
        ConnectionList: {
            connections: components["schemas"]["Connection"][];
            allow_member_connections: boolean;
            can_add: boolean;
            kinds: components["schemas"]["ConnectionKind"][];
            allowed_hosts: string[];
        };
        ConnectionCreate: {
            kind: components["schemas"]["ConnectionKindName"];
            name?: string;
            base_url?: string;
            api_key?: string;
            /** @enum {string} */
            scope?: "household" | "personal";
            enabled?: boolean;
        };
        ConnectionPatch: {
            name?: string;
            base_url?: string;
            /** @description null: forget the key. */
            api_key?: string | null;
            enabled?: boolean;
        };
        ConnectionTestOk: {
            /** @constant */
            ok: true;
            models: number;
            sample: string[];
        };
        ConnectionTestFailed: {
            /** @constant */
            ok: false;
            error: string;
        };
        ConnectionTest: components["schemas"]["ConnectionTestOk"] | components["schemas"]["ConnectionTestFailed"];
        Prompt: {
            /** @description A UUID. */
            id: string;
            name: string;
            content: string;
            is_default: boolean;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            updated_at: string;
        };
        PromptList: {
            prompts: components["schemas"]["Prompt"][];
        };
        PromptCreate: {
            /** @description 1–100 characters. */
            name: string;
            /** @description At most 50,000 characters. */
            content: string;
            is_default?: boolean;
        };
        PromptPatch: {
            name?: string;
            content?: string;
            is_default?: boolean;
        };
        /** @description Plain text (never HTML); `hit`: matched words. */
        TextSegment: {
            text: string;
            hit: boolean;
        };
        SearchTitleHit: {
            /** @description A UUID. */
            conversation_id: string;
            title: string;
            highlight: components["schemas"]["TextSegment"][];
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            updated_at: string;
            archived: boolean;
        };
        SearchMessageHit: {
            /** @description A UUID. */
            message_id: string;
            /** @description A UUID. */
            conversation_id: string;
            conversation_title: string;
            role: components["schemas"]["MessageRole"];
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            model: string | null;
            archived: boolean;
            snippet: components["schemas"]["TextSegment"][];
        };
        SearchResults: {
            titles: components["schemas"]["SearchTitleHit"][];
            messages: components["schemas"]["SearchMessageHit"][];
            has_more: boolean;
        };
        Folder: {
            /** @description A UUID. */
            id: string;
            name: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            conversation_count: number;
        };
        FolderList: {
            folders: components["schemas"]["Folder"][];
        };
        FolderBody: {
            /** @description 1–100 characters. */
            name: string;
        };
        TagCount: {
            name: string;
            count: number;
        };
        TagList: {
            tags: components["schemas"]["TagCount"][];
        };
        /** @enum {string} */
        TemplateScope: "personal" | "household";
        Template: {
            /** @description A UUID. */
            id: string;
            name: string;
            content: string;
            scope: components["schemas"]["TemplateScope"];
            variables: string[];
            editable: boolean;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            updated_at: string;
        };
        TemplateList: {
            templates: components["schemas"]["Template"][];
        };
        TemplateCreate: {
            name: string;
            content: string;
            scope?: components["schemas"]["TemplateScope"];
        };
        TemplatePatch: {
            name?: string;
            content?: string;
        };
        Share: {
            /** @description A UUID. */
            id: string;
            token: string;
            /** @description `/s/<token>`. */
            url: string;
            /** @description A UUID. */
            conversation_id: string;
            title: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            expires_at: string | null;
        };
        ShareList: {
            shares: components["schemas"]["Share"][];
        };
        ShareCreate: {
            /** @description A UUID. */
            conversation_id: string;
            expires_in_days?: number | null;
        };
        SharedMessage: {
            role: components["schemas"]["MessageRole"];
            content: string;
            parts: components["schemas"]["Part"][];
            model: string | null;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
        };
        SharedConversation: {
            title: string;
            model: string | null;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            expires_at: string | null;
            messages: components["schemas"]["SharedMessage"][];
        };
        /** @description docs/export-format.md. */
        NexusExport: {
            /** @constant */
            format: "nexus-export";
            version: number;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            exported_at: string;
            conversations: {
                /** @description The pictures its messages sent (absent when none). */
                images?: components["schemas"]["ExportImage"][];
            }[];
            /** @description Folder names. */
            folders?: string[];
            templates?: {
                name: string;
                content: string;
            }[];
        };
        /** @enum {string} */
        ImportFormat: "nexus" | "chatgpt" | "openwebui";
        ImportReport: {
            format: components["schemas"]["ImportFormat"];
            imported: number;
            skipped: {
                title: string;
                reason: string;
            }[];
            duplicates: number;
        };
        /** @description docs/export-format.md. */
        Backup: {
            format: string;
            version: number;
            schema_version: number;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            tables: {
                [key: string]: {
                    columns: string[];
                    rows: components["schemas"]["BackupValue"][][];
                };
            };
        };
        RestoreReport: {
            /** @description Rows restored per table. */
            restored: {
                [key: string]: number;
            };
        };
        /**
         * @description A picture's type, as read from its bytes (never from the Content-Type it was sent with).
         * @enum {string}
         */
        ImageType: "image/png" | "image/jpeg" | "image/webp" | "image/gif";
        /** @description A picture a user message sent; a message's image parts come before its text part. */
        ImagePart: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "image";
            /** @description A UUID; the bytes are at GET /api/images/{id} (or, in a share's snapshot, GET /api/shared/{token}/images/{image_id}). */
            image_id: string;
            content_type: components["schemas"]["ImageType"];
            /** @description Pixels. */
            width: number;
            /** @description Pixels. */
            height: number;
        };
        /** @description A stored picture, not yet attached to a message (deleted after 24 h if it never is). */
        UploadedImage: {
            /** @description A UUID: name it in a send's `images`. */
            id: string;
            content_type: components["schemas"]["ImageType"];
            /** @description Its size (at most MAX_IMAGE_BYTES, 5 MiB). */
            bytes: number;
            width: number;
            height: number;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
        };
        /** @description A picture of an exported conversation (docs/export-format.md). */
        ExportImage: {
            /** @description The `image_id` of the image part naming it. */
            id: string;
            /** @description The message that sent it. */
            message_id: string;
            content_type: components["schemas"]["ImageType"];
            width: number;
            height: number;
            /**
             * Format: date-time
             * @description UTC ISO-8601 with milliseconds.
             */
            created_at: string;
            /** @description The bytes, base64 (standard alphabet, padded). */
            data: string;
        };
        /** @description An SQLite value: integers, reals, text and null as themselves; a blob (a picture's bytes, `images.data`) as {"base64": "…"}. */
        BackupValue: (string | number | null) | {
            base64: string;
        };
    };
    responses: {
        /** @description bad_request (or a precise code: invalid_query, invalid_params, …): malformed JSON, an unknown field, an invalid value. */
        E400: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description unauthenticated (no valid session or token) or bad_credentials. */
        E401: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description cross_site, admin_only, or a precise refusal (account_disabled, chat_limit, …). */
        E403: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description not_found: an unknown id (another person's ids answer the same) or path. */
        E404: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description conflict, or a precise code (already_set_up, username_taken, last_admin, …). */
        E409: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description payload_too_large: over a documented limit. */
        E413: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description unsupported_media_type: a body not sent as application/json. */
        E415: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description too_many_attempts / rate_limited, with `Retry-After` in seconds. */
        E429: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description bad_gateway: the model provider failed. */
        E502: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description An error: 405 method_not_allowed (with `Allow`), 500 internal, or any other status above. */
        Error: {
            headers: {
                /** @description 405: the methods the path takes. */
                Allow?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    accounts_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthStatus"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    accounts_setup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Credentials"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    /** @description `nexus_session=<token>; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000` (+ `Secure` over https). */
                    "Set-Cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserBody"];
                };
            };
            400: components["responses"]["E400"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            default: components["responses"]["Error"];
        };
    };
    accounts_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Credentials"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    /** @description `nexus_session=<token>; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000` (+ `Secure` over https). */
                    "Set-Cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserBody"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            default: components["responses"]["Error"];
        };
    };
    accounts_recover: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Recovery"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recovered"];
                };
            };
            400: components["responses"]["E400"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            default: components["responses"]["Error"];
        };
    };
    accounts_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignUp"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    /** @description `nexus_session=<token>; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000` (+ `Secure` over https). */
                    "Set-Cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserBody"];
                };
            };
            400: components["responses"]["E400"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            default: components["responses"]["Error"];
        };
    };
    accounts_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    /** @description Clears the session cookie. */
                    "Set-Cookie"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            default: components["responses"]["Error"];
        };
    };
    accounts_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    accounts_revoke_others: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Revoked"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_revoke_session: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    accounts_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserBody"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    accounts_change_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_tokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenList"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    accounts_create_token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenCreate"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewApiToken"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_revoke_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    accounts_my_limits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyLimits"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    accounts_my_usage: {
        parameters: {
            query?: {
                /** @description YYYY-MM; default the current UTC month. */
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    accounts_profile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    accounts_patch_profile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfilePatch"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_list_users: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserList"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            default: components["responses"]["Error"];
        };
    };
    accounts_create_user: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewUser"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserBody"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_delete_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            default: components["responses"]["Error"];
        };
    };
    accounts_update_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminUserPatch"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserBody"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_user_limits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserLimits"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    accounts_put_user_limits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LimitsPut"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserLimits"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_user_usage: {
        parameters: {
            query?: {
                /** @description YYYY-MM; default the current UTC month. */
                month?: string;
            };
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    accounts_context: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdContext"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            default: components["responses"]["Error"];
        };
    };
    accounts_save_context: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContextSave"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContextVersionBody"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_restore_context: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContextVersionBody"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    accounts_registration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registration"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            default: components["responses"]["Error"];
        };
    };
    accounts_put_registration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Registration"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registration"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_invites: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InviteList"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            default: components["responses"]["Error"];
        };
    };
    accounts_create_invite: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["InviteCreate"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewInvite"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    accounts_delete_invite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    settings_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description The database cannot be opened. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthError"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    settings_openapi: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier answer: 304 when it still matches. */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    /** @description A strong validator of the document; send it back as `If-None-Match`. */
                    ETag?: string;
                    /** @description `no-cache`. */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Not modified: the `If-None-Match` ETag matches. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Error"];
        };
    };
    settings_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    settings_patch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettingsPatch"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    settings_models: {
        parameters: {
            query?: {
                /** @description Present: refetch the lists instead of the hour-long cache. */
                refresh?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelList"];
                };
            };
            401: components["responses"]["E401"];
            502: components["responses"]["E502"];
            default: components["responses"]["Error"];
        };
    };
    settings_list_connections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionList"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    settings_create_connection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionCreate"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    settings_test_draft_connection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionCreate"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionTest"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    settings_delete_connection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            default: components["responses"]["Error"];
        };
    };
    settings_patch_connection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionPatch"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    settings_test_connection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionTest"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    settings_list_prompts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptList"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    settings_create_prompt: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromptCreate"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    settings_get_prompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    settings_delete_prompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            default: components["responses"]["Error"];
        };
    };
    settings_patch_prompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromptPatch"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    conversations_list: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: number;
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description A folder id, or `none`: only conversations in no folder. */
                folder?: string;
                /** @description Only conversations with this tag. */
                tag?: string;
                /** @description `true`: the archived conversations instead. */
                archived?: "true";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationPage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    conversations_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationCreate"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    conversations_bulk: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkRequest"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkResult"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    conversations_get: {
        parameters: {
            query?: {
                /** @description Messages. */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationDetail"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    conversations_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    conversations_patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationPatch"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    messages_page: {
        parameters: {
            query?: {
                /** @description Messages. */
                limit?: number;
                /** @description A message id: the page above it. */
                before?: string;
            };
            header?: never;
            path: {
                /** @description The conversation's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    messages_send: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendRequest"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description bad_request (an empty message with no pictures, a picture named twice, a malformed client_id, …) or images_not_supported: the model cannot take pictures (nothing stored). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            /** @description not_found: the conversation, the parent, or a picture in `images` is not the caller's. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description duplicate: a message with this `client_id` is stored in the conversation already; `message_id` is its id, and nothing new is stored or generated. Or connection_disabled: the conversation's connection is turned off. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large (content over 100,000 characters) or too_many_images (over MAX_IMAGES_PER_MESSAGE, 4). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            default: components["responses"]["Error"];
        };
    };
    messages_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. */
                id: string;
                /** @description The message's id. */
                mid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    messages_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. */
                id: string;
                /** @description The message's id. */
                mid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    messages_follow: {
        parameters: {
            query?: {
                /** @description Characters already received (or header `Last-Event-ID`); default 0. */
                offset?: number;
            };
            header?: {
                /** @description Same as `offset` (the last `id:` received). */
                "Last-Event-ID"?: string;
            };
            path: {
                /** @description The conversation's id. */
                id: string;
                /** @description The message's id. */
                mid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    messages_stop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. */
                id: string;
                /** @description The message's id. */
                mid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The generation will stop. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StopAnswer"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            default: components["responses"]["Error"];
        };
    };
    messages_regenerate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. */
                id: string;
                /** @description The message's id. */
                mid: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RegenerateRequest"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            default: components["responses"]["Error"];
        };
    };
    messages_activate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. */
                id: string;
                /** @description The message's id. */
                mid: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ActivateRequest"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationDetail"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    messages_image_upload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "image/png": string;
                "image/jpeg": string;
                "image/webp": string;
                "image/gif": string;
            };
        };
        responses: {
            /** @description Stored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadedImage"];
                };
            };
            /** @description bad_request: the body is empty. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            /** @description image_too_large: over MAX_IMAGE_BYTES (5 MiB). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unsupported_image: the bytes are not a PNG, JPEG, WebP or GIF (or its header is unreadable), or the Content-Type is not image/…. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    messages_image: {
        parameters: {
            query?: never;
            header?: {
                /** @description The picture's ETag from an earlier answer: 304 when it still matches. */
                "If-None-Match"?: string;
            };
            path: {
                /** @description The picture's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The picture's bytes; Content-Type is its type as read from the bytes. */
            200: {
                headers: {
                    /** @description The SHA-256 of the bytes, quoted; send it back as `If-None-Match`. */
                    ETag?: string;
                    /** @description `private, max-age=31536000, immutable` (a picture's bytes never change under its id). */
                    "Cache-Control"?: string;
                    /** @description `nosniff`. */
                    "X-Content-Type-Options"?: string;
                    /** @description `default-src 'none'; sandbox`. */
                    "Content-Security-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/png": string;
                    "image/jpeg": string;
                    "image/webp": string;
                    "image/gif": string;
                };
            };
            /** @description Not modified: the `If-None-Match` ETag matches (no body; the same headers but Content-Type). */
            304: {
                headers: {
                    /** @description The SHA-256 of the bytes, quoted; send it back as `If-None-Match`. */
                    ETag?: string;
                    /** @description `private, max-age=31536000, immutable` (a picture's bytes never change under its id). */
                    "Cache-Control"?: string;
                    /** @description `nosniff`. */
                    "X-Content-Type-Options"?: string;
                    /** @description `default-src 'none'; sandbox`. */
                    "Content-Security-Policy"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            /** @description not_found: no picture of the caller's has this id (another person's answers the same). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    messages_image_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The picture's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            /** @description not_found: no picture of the caller's has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description image_in_use: the picture was sent with a message; delete the message to delete it. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    library_search: {
        parameters: {
            query?: {
                /** @description What a person types (words are prefixes, "phrases", -exclude, OR). */
                q?: string;
                /** @description Default relevance. */
                sort?: "relevance" | "newest";
                /** @description YYYY-MM-DD (UTC, inclusive). */
                from?: string;
                /** @description YYYY-MM-DD (UTC, inclusive). */
                to?: string;
                /** @description The conversation's model. */
                model?: string;
                /** @description A folder id, or `none`. */
                folder?: string;
                /** @description A tag. */
                tag?: string;
                /** @description Archived conversations are left out unless given. */
                archived?: "include" | "only";
                /** @description Messages per page. */
                limit?: number;
                /** @description Messages to skip. */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResults"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    library_list_folders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FolderList"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    library_create_folder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FolderBody"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Folder"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    library_delete_folder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    library_rename_folder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FolderBody"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Folder"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    library_list_tags: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagList"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    library_list_templates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateList"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    library_create_template: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateCreate"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    library_delete_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    library_patch_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplatePatch"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    library_list_shares: {
        parameters: {
            query?: {
                /** @description Only this conversation's links. */
                conversation_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShareList"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    library_create_share: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShareCreate"];
            };
        };
        responses: {
            /** @description Success. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Share"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    library_delete_share: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    library_shared: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The share link's token. */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    /** @description `noindex, nofollow`. */
                    "X-Robots-Tag"?: string;
                    /** @description `no-store`. */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedConversation"];
                };
            };
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    library_shared_image: {
        parameters: {
            query?: never;
            header?: {
                /** @description The picture's ETag from an earlier answer: 304 when it still matches. */
                "If-None-Match"?: string;
            };
            path: {
                /** @description The share link's token. */
                token: string;
                /** @description The `image_id` of an image part in the share's snapshot. */
                image_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The picture's bytes; Content-Type is its type as read from the bytes. */
            200: {
                headers: {
                    /** @description The SHA-256 of the bytes, quoted; send it back as `If-None-Match`. */
                    ETag?: string;
                    /** @description `private, max-age=31536000, immutable` (a picture's bytes never change under its id). */
                    "Cache-Control"?: string;
                    /** @description `nosniff`. */
                    "X-Content-Type-Options"?: string;
                    /** @description `default-src 'none'; sandbox`. */
                    "Content-Security-Policy"?: string;
                    /** @description `noindex`. */
                    "X-Robots-Tag"?: string;
                    /** @description `no-referrer`. */
                    "Referrer-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/png": string;
                    "image/jpeg": string;
                    "image/webp": string;
                    "image/gif": string;
                };
            };
            /** @description Not modified: the `If-None-Match` ETag matches (no body; the same headers but Content-Type). */
            304: {
                headers: {
                    /** @description The SHA-256 of the bytes, quoted; send it back as `If-None-Match`. */
                    ETag?: string;
                    /** @description `private, max-age=31536000, immutable` (a picture's bytes never change under its id). */
                    "Cache-Control"?: string;
                    /** @description `nosniff`. */
                    "X-Content-Type-Options"?: string;
                    /** @description `default-src 'none'; sandbox`. */
                    "Content-Security-Policy"?: string;
                    /** @description `noindex`. */
                    "X-Robots-Tag"?: string;
                    /** @description `no-referrer`. */
                    "Referrer-Policy"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not_found: the link does not exist, was revoked or has expired, or its snapshot has no picture with this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    library_export_all: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    /** @description `attachment; filename="…"`. */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NexusExport"];
                };
            };
            401: components["responses"]["E401"];
            default: components["responses"]["Error"];
        };
    };
    library_export_one: {
        parameters: {
            query?: {
                /** @description Default json (the whole tree); markdown: the branch shown. */
                format?: "json" | "markdown";
            };
            header?: never;
            path: {
                /** @description The conversation's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    /** @description `attachment; filename="…"`. */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NexusExport"];
                    "text/markdown": string;
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            default: components["responses"]["Error"];
        };
    };
    library_import: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never> | unknown[];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
    library_backup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    /** @description `attachment; filename="…"`. */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Backup"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            default: components["responses"]["Error"];
        };
    };
    library_restore: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Backup"];
            };
        };
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RestoreReport"];
                };
            };
            400: components["responses"]["E400"];
            403: components["responses"]["E403"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            default: components["responses"]["Error"];
        };
    };
}
