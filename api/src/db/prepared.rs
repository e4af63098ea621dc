//! Hand-written SQL that diesel prepares once per connection and reuses.
//!
//! Diesel keeps a prepared statement per connection for every query whose *type* names it,
//! but never for `sql_query` or a query holding a `dsl::sql` fragment: those are parsed and
//! planned by the engine on every call. On the hot read paths (the session check, the balance,
//! the statement's sums) that parsing was a tenth of the server's CPU in
//! `scripts/bench-statement`. [`prepared_query!`] declares a query as a type of its own, with
//! its SQL written out once and its parameters bound through diesel (`?` on SQLite, `$n` on
//! PostgreSQL), so it is prepared once per connection like the DSL's queries.

/// Declares a prepared query: a struct holding its parameters, run with diesel's
/// `RunQueryDsl` (`get_result`, `load`) on either backend.
///
/// ```ignore
/// prepared_query! {
///     /// The balance of one account.
///     struct Balance { id: i64 } -> diesel::sql_types::BigInt;
///     "SELECT SUM(amount_kopecks) FROM charges WHERE account_id = " (id: BigInt)
/// }
/// ```
/// SQL text and `(field: SqlType)` parameters alternate; a field may appear more than once.
#[macro_export]
macro_rules! prepared_query {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $($field:ident : $fty:ty),* $(,)? } -> $st:ty;
        $($part:tt)+
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $($field: $fty),*
        }

        impl diesel::query_builder::QueryId for $name {
            type QueryId = $name;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl diesel::query_builder::Query for $name {
            type SqlType = $st;
        }

        impl<Conn> diesel::RunQueryDsl<Conn> for $name {}

        impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for $name {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
            ) -> diesel::QueryResult<()> {
                $crate::prepared_query!(@walk out self $($part)+);
                Ok(())
            }
        }

        impl diesel::query_builder::QueryFragment<diesel::sqlite::Sqlite> for $name {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, diesel::sqlite::Sqlite>,
            ) -> diesel::QueryResult<()> {
                $crate::prepared_query!(@walk out self $($part)+);
                Ok(())
            }
        }
    };
    (@walk $out:ident $self:ident) => {};
    (@walk $out:ident $self:ident $sql:literal $($rest:tt)*) => {
        $out.push_sql($sql);
        $crate::prepared_query!(@walk $out $self $($rest)*);
    };
    (@walk $out:ident $self:ident ($field:ident : $st:ty) $($rest:tt)*) => {
        $out.push_bind_param::<$st, _>(&$self.$field)?;
        $crate::prepared_query!(@walk $out $self $($rest)*);
    };
}
