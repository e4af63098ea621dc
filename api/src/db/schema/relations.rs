//! Which tables join and which may appear in one query: kept apart from the table definitions
//! so each file stays about one thing.

use super::*;

diesel::joinable!(accounts -> houses (house_id));
diesel::joinable!(account_links -> accounts (account_id));
diesel::joinable!(account_links -> users (user_id));
diesel::joinable!(link_codes -> accounts (account_id));
diesel::joinable!(charges -> accounts (account_id));
diesel::joinable!(meters -> accounts (account_id));
diesel::joinable!(payments -> accounts (account_id));
diesel::joinable!(account_totals -> accounts (account_id));
diesel::joinable!(online_payments -> accounts (account_id));
diesel::joinable!(readings -> meters (meter_id));
diesel::joinable!(readings -> accounts (account_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(consent_events -> users (user_id));
diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(personal_tokens -> users (user_id));
diesel::joinable!(appeal_attachments -> appeals (appeal_id));
diesel::joinable!(attachment_blobs -> appeal_attachments (attachment_id));
diesel::joinable!(appeals -> accounts (account_id));
diesel::allow_tables_to_appear_in_same_query!(
    settings,
    users,
    houses,
    accounts,
    rules_versions,
    consent_events,
    sessions,
    refresh_tokens,
    auth_throttles,
    password_resets,
    outbox,
    api_clients,
    personal_tokens,
    audit_log,
    account_links,
    link_codes,
    owner_changes,
    charges,
    payments,
    account_totals,
    online_payments,
    webhook_events,
    sandbox_payments,
    meters,
    tariffs,
    readings,
    reading_counter,
    idempotency_keys,
    email_verifications,
    notification_prefs,
    notice_log,
    appeals,
    appeal_attachments,
    attachment_blobs,
);

// The scheduler's "latest charges per linked user and account" groups by these two.
diesel::allow_columns_to_appear_in_same_group_by_clause!(account_links::user_id, accounts::number);
