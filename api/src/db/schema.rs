//! Table definitions shared by both backends. Kept by hand in step with `migrations/`; the
//! migration test (`tests/e2e/migrations.rs`) runs both sets up, down and up again.

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        login -> Text,
        login_key -> Text,
        full_name -> Text,
        email -> Text,
        email_key -> Text,
        phone -> Text,
        home_phone -> Nullable<Text>,
        role -> Text,
        password_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        postal_address -> Nullable<Text>,
        rules_version -> Nullable<Integer>,
        rules_accepted_at -> Nullable<Timestamp>,
        blocked_at -> Nullable<Timestamp>,
        blocked_reason -> Nullable<Text>,
        name_key -> Text,
        language -> Text,
        email_verified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    houses (id) {
        id -> BigInt,
        external_id -> Text,
        settlement -> Text,
        street -> Text,
        house -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        reading_window_start -> Nullable<Integer>,
        reading_window_end -> Nullable<Integer>,
    }
}

diesel::table! {
    accounts (id) {
        id -> BigInt,
        number -> Text,
        house_id -> Nullable<BigInt>,
        settlement -> Text,
        street -> Text,
        house -> Text,
        flat -> Nullable<Text>,
        owner_name -> Text,
        heated_area_centi -> BigInt,
        residents -> Integer,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        search_key -> Text,
    }
}

diesel::table! {
    rules_versions (version) {
        version -> Integer,
        body -> Text,
        published_at -> Timestamp,
        published_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    consent_events (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        granted -> Bool,
        at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        public_id -> Text,
        user_id -> BigInt,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        session_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    auth_throttles (scope, key) {
        scope -> Text,
        key -> Text,
        window_start -> Timestamp,
        failures -> BigInt,
        last_failure_at -> Nullable<Timestamp>,
        refused -> BigInt,
        version -> BigInt,
        locked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    password_resets (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        channel -> Text,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        attempts -> Integer,
        scrub -> Nullable<Text>,
        scrub_after -> Nullable<Timestamp>,
        next_attempt_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        html -> Nullable<Text>,
    }
}

diesel::table! {
    api_clients (id) {
        id -> BigInt,
        name -> Text,
        key_hash -> Text,
        scopes -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    personal_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        key_hash -> Text,
        scopes -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_kind -> Text,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        target_kind -> Nullable<Text>,
        target_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        details -> Nullable<Text>,
    }
}

diesel::table! {
    account_links (id) {
        id -> BigInt,
        account_id -> BigInt,
        user_id -> BigInt,
        as_family_member -> Bool,
        linked_at -> Timestamp,
        unlinked_at -> Nullable<Timestamp>,
        unlink_reason -> Nullable<Text>,
        unlink_note -> Nullable<Text>,
        unlinked_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    link_codes (id) {
        id -> BigInt,
        account_id -> BigInt,
        code_hash -> Text,
        issued_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        failed_attempts -> Integer,
        used_at -> Nullable<Timestamp>,
        used_by -> Nullable<BigInt>,
        voided_at -> Nullable<Timestamp>,
        locked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    owner_changes (id) {
        id -> BigInt,
        account_id -> BigInt,
        new_owner_name -> Text,
        effective_date -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meters (id) {
        id -> BigInt,
        account_id -> BigInt,
        external_id -> Text,
        service -> Text,
        serial_number -> Text,
        decimal_places -> Integer,
        verification_due -> Date,
        installed_on -> Nullable<Date>,
        removed_on -> Nullable<Date>,
        model -> Nullable<Text>,
        status -> Text,
        replaces_id -> Nullable<BigInt>,
        initial_value -> Nullable<BigInt>,
    }
}

diesel::table! {
    tariffs (id) {
        id -> BigInt,
        service -> Text,
        price_kopecks -> BigInt,
        unit -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        tariff_key -> Text,
    }
}

diesel::table! {
    readings (id) {
        id -> BigInt,
        seq -> BigInt,
        number -> Text,
        meter_id -> BigInt,
        account_id -> BigInt,
        value -> BigInt,
        taken_on -> Date,
        submitted_at -> Timestamp,
        period -> Text,
        in_window -> Bool,
        source -> Text,
        status -> Text,
        flagged -> Bool,
        flag_reason -> Nullable<Text>,
        reject_reason -> Nullable<Text>,
        submitted_by -> Nullable<BigInt>,
        client_id -> Nullable<BigInt>,
        txid -> BigInt,
    }
}

diesel::table! {
    reading_counter (id) {
        id -> Integer,
        value -> BigInt,
    }
}

diesel::table! {
    idempotency_keys (owner, key) {
        owner -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Integer,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    charges (id) {
        id -> BigInt,
        account_id -> BigInt,
        period -> Text,
        line -> Integer,
        service -> Text,
        kind -> Text,
        quantity -> Nullable<BigInt>,
        unit -> Nullable<Text>,
        tariff_kopecks -> Nullable<BigInt>,
        amount_kopecks -> BigInt,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payments (id) {
        id -> BigInt,
        account_id -> BigInt,
        paid_on -> Date,
        amount_kopecks -> BigInt,
        source -> Text,
        external_id -> Nullable<Text>,
        created_at -> Timestamp,
        paid_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Charges and payments summed per account, kept by triggers (migration 000012).
    account_totals (account_id) {
        account_id -> BigInt,
        charged_kopecks -> BigInt,
        paid_kopecks -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    online_payments (id) {
        id -> Text,
        account_id -> BigInt,
        user_id -> BigInt,
        amount_kopecks -> BigInt,
        status -> Text,
        provider -> Text,
        provider_ref -> Nullable<Text>,
        receipt_contact -> Text,
        receipt_item -> Text,
        vat -> Text,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        checked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_events (provider, event_id) {
        provider -> Text,
        event_id -> Text,
        payment_id -> Text,
        status -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    sandbox_payments (payment_id) {
        payment_id -> Text,
        amount_kopecks -> BigInt,
        outcome -> Nullable<Text>,
        event_id -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_verifications (user_id) {
        user_id -> BigInt,
        email -> Text,
        code_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        failed_attempts -> Integer,
    }
}

diesel::table! {
    notification_prefs (user_id, event) {
        user_id -> BigInt,
        event -> Text,
        email -> Bool,
        sms -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    notice_log (user_id, event, subject_key) {
        user_id -> BigInt,
        event -> Text,
        subject_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    appeals (id) {
        id -> BigInt,
        number -> Text,
        user_id -> BigInt,
        account_id -> Nullable<BigInt>,
        category -> Text,
        subject -> Text,
        body -> Text,
        status -> Text,
        created_at -> Timestamp,
        deadline -> Date,
        assignee_id -> Nullable<BigInt>,
        taken_at -> Nullable<Timestamp>,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        answered_by -> Nullable<BigInt>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    appeal_attachments (id) {
        id -> BigInt,
        appeal_id -> BigInt,
        name -> Text,
        content_type -> Text,
        size -> BigInt,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attachment_blobs (attachment_id) {
        attachment_id -> BigInt,
        data -> Binary,
    }
}

mod relations;
