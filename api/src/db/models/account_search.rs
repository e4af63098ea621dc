//! The operator's account search over `accounts.search_key`: by number as people write it
//! ("100 200 303", "100-200-303"), by the owner's name, or by address ("Кочетова 2").
//!
//! Why a stored key rather than `lower(owner_name) LIKE …`: SQLite's `lower()` and `LIKE` fold
//! ASCII only, so "петров" would not find "Петров" there. The key is the owner's name and the
//! address folded in Rust (lower case, `ё` as `е`, punctuation dropped), each word after a
//! space, so one `LIKE '% word%'` per typed word finds words by their start on both engines.
//! It is written wherever its source columns are (the `account` insert, update and owner
//! change), so no writer can forget it, and rows stored before the column existed are filled
//! in by [`backfill`] when the server starts.

use diesel::prelude::*;

use crate::db::models::account::Account;
use crate::db::schema::{account_links, accounts};
use crate::db::DbConnection;

/// Words of a query beyond this many are ignored (each is a `LIKE` of its own).
const MAX_WORDS: usize = 8;

/// Rows filled in per transaction by [`backfill`].
const BACKFILL_BATCH: i64 = 500;

/// The words of a text as the search compares them: lower case, `ё` as `е`, anything but
/// letters and digits a separator ("ул. Кочетова, д.2/1" → `ул`, `кочетова`, `д`, `2`, `1`).
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('ё', "е")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The stored key of an account: owner, settlement, street, house and flat, each word after
/// a space.
pub fn key(
    owner_name: &str,
    settlement: &str,
    street: &str,
    house: &str,
    flat: Option<&str>,
) -> String {
    [
        owner_name,
        settlement,
        street,
        house,
        flat.unwrap_or_default(),
    ]
    .iter()
    .flat_map(|part| words(part))
    .map(|w| format!(" {w}"))
    .collect()
}

/// What an operator typed, split as the key is stored.
#[derive(Debug, PartialEq, Eq)]
pub struct Terms {
    /// Each must start a word of the key.
    words: Vec<String>,
    /// The digits of a query made of digits, spaces and hyphens only: a number, or its start.
    number: Option<String>,
}

impl Terms {
    /// Splits a query; an empty one matches every account.
    pub fn parse(query: &str) -> Self {
        let number_like = query.chars().any(|c| c.is_ascii_digit())
            && query
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c.is_whitespace());
        let mut words = words(query);
        words.truncate(MAX_WORDS);
        Self {
            number: number_like.then(|| query.chars().filter(char::is_ascii_digit).collect()),
            words,
        }
    }
}

/// Accounts matching `terms`, in id order after `after_id`: every word starts a word of the
/// key, or the number starts with the typed digits.
pub fn search(
    conn: &mut DbConnection,
    terms: &Terms,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<Account>> {
    let patterns: Vec<String> = terms.words.iter().map(|w| format!("% {w}%")).collect();
    let number = terms.number.as_ref().map(|d| format!("{d}%"));
    crate::with_conn!(conn, |c| {
        let mut query = accounts::table.select(Account::as_select()).into_boxed();
        // (word₁ AND word₂ …) OR number: diesel groups each boxed `filter`/`or_filter`.
        for pattern in &patterns {
            query = query.filter(accounts::search_key.like(pattern));
        }
        if let Some(number) = &number {
            query = query.or_filter(accounts::number.like(number));
        }
        query
            .filter(accounts::id.gt(after_id))
            .order(accounts::id.asc())
            .limit(limit)
            .load(c)
    })
}

/// How many users are linked now to each of these accounts: `(account_id, users)`, one
/// grouped query; accounts nobody is linked to are absent.
pub fn linked_counts(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    crate::with_conn!(conn, |c| account_links::table
        .filter(account_links::account_id.eq_any(ids))
        .filter(account_links::unlinked_at.is_null())
        .group_by(account_links::account_id)
        .select((account_links::account_id, diesel::dsl::count_star()))
        .load(c))
}

/// The source columns of a key: `(id, owner, settlement, street, house, flat)`.
type KeySource = (i64, String, String, String, String, Option<String>);

/// Fills in the key of rows that have none (stored before the column existed), in batches of
/// [`BACKFILL_BATCH`] per transaction; returns how many. A key written meanwhile by an upload
/// or an owner change is left alone.
pub fn backfill(conn: &mut DbConnection) -> QueryResult<usize> {
    let mut after = 0;
    let mut filled = 0;
    loop {
        let batch: Vec<KeySource> = crate::with_conn!(conn, |c| accounts::table
            .filter(accounts::search_key.eq(""))
            .filter(accounts::id.gt(after))
            .order(accounts::id.asc())
            .limit(BACKFILL_BATCH)
            .select((
                accounts::id,
                accounts::owner_name,
                accounts::settlement,
                accounts::street,
                accounts::house,
                accounts::flat,
            ))
            .load(c))?;
        let Some(last) = batch.last().map(|row| row.0) else {
            return Ok(filled);
        };
        conn.transaction(|conn| {
            for (id, owner, settlement, street, house, flat) in &batch {
                let value = key(owner, settlement, street, house, flat.as_deref());
                crate::with_conn!(conn, |c| diesel::update(
                    accounts::table
                        .filter(accounts::id.eq(id))
                        .filter(accounts::search_key.eq(""))
                )
                .set(accounts::search_key.eq(&value))
                .execute(c))?;
            }
            Ok::<_, diesel::result::Error>(())
        })?;
        filled += batch.len();
        after = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_yo_and_punctuation_and_start_each_word_with_a_space() {
        let k = key(
            "Петров Алексей Иванович",
            "г. Кызыл",
            "ул. Кочетова",
            "2/1",
            Some("15"),
        );
        assert_eq!(k, " петров алексей иванович г кызыл ул кочетова 2 1 15");
        assert_eq!(
            key("Семёнова Анна", "г. Кызыл", "Ленина", "3", None),
            " семенова анна г кызыл ленина 3"
        );
    }

    #[test]
    fn queries_of_digits_spaces_and_hyphens_are_numbers_too() {
        for typed in ["100 200 303", "100-200-303", " 100200303 "] {
            assert_eq!(
                Terms::parse(typed).number.as_deref(),
                Some("100200303"),
                "{typed}"
            );
        }
        let address = Terms::parse("Кочетова, 2");
        assert_eq!(address.number, None);
        assert_eq!(address.words, vec!["кочетова", "2"]);
        assert_eq!(Terms::parse("ПЁТР").words, vec!["петр"]);
        assert_eq!(
            Terms::parse(""),
            Terms {
                words: vec![],
                number: None
            }
        );
        assert_eq!(Terms::parse("a b c d e f g h i j").words.len(), MAX_WORDS);
    }
}
