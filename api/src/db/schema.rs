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
    }
}

diesel::joinable!(accounts -> houses (house_id));
diesel::allow_tables_to_appear_in_same_query!(settings, users, houses, accounts);
