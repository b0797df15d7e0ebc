//! Statements PostgreSQL parses and plans once per connection.
//!
//! diesel prepares a statement once per connection and reuses it only when it
//! can prove the SQL text never varies: typed SELECTs and plain INSERTs. It
//! does not for an `UPDATE`, an upsert, an insert with optional columns or any
//! `sql_query`, so PostgreSQL parses, analyses and plans those again on every
//! execution. On the registration path that was a fifth of the database's
//! work (see BENCHMARKS.md, "Where the time goes").
//!
//! `Prepared` vouches for a query whose SQL text is fixed in the source (a
//! `&'static str`, a typed `UPDATE` whose changeset has no optional parts), so
//! diesel caches it under its text and bind types. A query whose text is
//! built at run time must never be wrapped: it would fill the cache.

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

/// A query with a fixed SQL text, prepared once per connection.
#[derive(Debug, Clone, Copy)]
pub struct Prepared<Q>(pub Q);

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Prepared<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    /// The text is fixed (this type's promise), so the statement may be
    /// cached under it, whatever the parts inside say about themselves.
    fn is_safe_to_cache_prepared(&self, _backend: &Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

/// No identity of its own: diesel keys the cache on the SQL text and the
/// bind types, which the wrapped query fixes.
impl<Q> QueryId for Prepared<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Prepared<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, Conn> RunQueryDsl<Conn> for Prepared<Q> {}
