//! The SQL the store's rules are written in, once, for both backends.
//!
//! The store's functions (`store/*.rs`, `audit.rs`) take a [`Db`]: a
//! transaction on the embedded SQLite file or on PostgreSQL. Statements use
//! the SQL both understand, with numbered parameters written `?1`, `?2`, …
//! (PostgreSQL's `$1`, `$2`, … are made from them). Every integer column is
//! a 64-bit integer on both, so rows are read the same way. Where the two
//! must differ (ordering feed appends and audit appends when several hubs
//! write, leases on sends) the function asks [`Db::dialect`] or uses
//! [`Db::serialise`].

use crate::repo::StoreError;

/// A parameter or a column value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Val {
        Val::Int(i64::from(v))
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_owned())
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Val {
        Val::Text(v.clone())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}
impl From<&[u8]> for Val {
    fn from(v: &[u8]) -> Val {
        Val::Blob(v.to_vec())
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Val {
        Val::Blob(v)
    }
}
impl From<&Vec<u8>> for Val {
    fn from(v: &Vec<u8>) -> Val {
        Val::Blob(v.clone())
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}
impl<T: Clone + Into<Val>> From<&Option<T>> for Val {
    fn from(v: &Option<T>) -> Val {
        v.clone().map_or(Val::Null, Into::into)
    }
}

/// Parameters, each turned into a [`Val`].
#[macro_export]
macro_rules! vals {
    ($($v:expr),* $(,)?) => { &[$($crate::sql::Val::from($v)),*][..] };
}

/// One row of a result.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Val>);

fn wrong(i: usize, want: &str) -> StoreError {
    StoreError::Backend(format!("column {i}: expected {want}"))
}

impl Row {
    fn at(&self, i: usize) -> Result<&Val, StoreError> {
        self.0
            .get(i)
            .ok_or_else(|| StoreError::Backend(format!("no column {i}")))
    }
    pub fn i64(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_i64(i)?.ok_or_else(|| wrong(i, "an integer"))
    }
    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.at(i)? {
            Val::Null => Ok(None),
            Val::Int(v) => Ok(Some(*v)),
            _ => Err(wrong(i, "an integer")),
        }
    }
    pub fn bool(&self, i: usize) -> Result<bool, StoreError> {
        Ok(self.i64(i)? != 0)
    }
    pub fn text(&self, i: usize) -> Result<String, StoreError> {
        self.opt_text(i)?.ok_or_else(|| wrong(i, "text"))
    }
    pub fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.at(i)? {
            Val::Null => Ok(None),
            Val::Text(v) => Ok(Some(v.clone())),
            _ => Err(wrong(i, "text")),
        }
    }
    pub fn blob(&self, i: usize) -> Result<Vec<u8>, StoreError> {
        self.opt_blob(i)?.ok_or_else(|| wrong(i, "bytes"))
    }
    pub fn opt_blob(&self, i: usize) -> Result<Option<Vec<u8>>, StoreError> {
        match self.at(i)? {
            Val::Null => Ok(None),
            Val::Blob(v) => Ok(Some(v.clone())),
            _ => Err(wrong(i, "bytes")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// What a serialised append is ordered by (see [`Db::serialise`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Feed,
    Audit,
}

/// A transaction (or, for reads, a connection) of either backend.
pub trait Db {
    fn dialect(&self) -> Dialect;
    /// Runs a statement; returns the number of rows it changed.
    fn exec(&self, sql: &str, params: &[Val]) -> Result<usize, StoreError>;
    /// Runs a query; returns every row.
    fn rows(&self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError>;
    /// Waits until this transaction is the only one appending to `order`
    /// until it ends. One writer on SQLite: nothing to wait for.
    fn serialise(&self, order: Order) -> Result<(), StoreError>;
    /// Asks for every hub to be woken when this transaction commits (it
    /// appended to the feed). The embedded store's hub wakes its own
    /// streams after the commit: nothing to do here.
    fn wake_at_commit(&self) -> Result<(), StoreError> {
        Ok(())
    }
    /// Runs a statement whose result nobody needs. A backend may send it
    /// with the next statement instead (PostgreSQL: one round trip for
    /// both); its error then comes from that statement, or from the end of
    /// the write job, which fails the job all the same.
    fn exec_later(&self, sql: &str, params: &[Val]) -> Result<(), StoreError> {
        self.exec(sql, params).map(drop)
    }
    /// Runs a statement and then a query that may read what it wrote;
    /// returns the rows the first changed and the second's rows. A backend
    /// may send both in one round trip.
    fn exec_then_rows(
        &self,
        first: (&str, &[Val]),
        then: (&str, &[Val]),
    ) -> Result<(usize, Vec<Row>), StoreError> {
        let n = self.exec(first.0, first.1)?;
        Ok((n, self.rows(then.0, then.1)?))
    }

    /// The first row, if any.
    fn row(&self, sql: &str, params: &[Val]) -> Result<Option<Row>, StoreError> {
        Ok(self.rows(sql, params)?.into_iter().next())
    }
    /// The first row, which must exist.
    fn one(&self, sql: &str, params: &[Val]) -> Result<Row, StoreError> {
        self.row(sql, params)?.ok_or(StoreError::NotFound)
    }
}

// ---- SQLite ---------------------------------------------------------------------------

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Val::Null => ValueRef::Null,
            Val::Int(v) => ValueRef::Integer(*v),
            Val::Real(v) => ValueRef::Real(*v),
            Val::Text(v) => ValueRef::Text(v.as_bytes()),
            Val::Blob(v) => ValueRef::Blob(v),
        }))
    }
}

fn sqlite_row(r: &rusqlite::Row<'_>, n: usize) -> rusqlite::Result<Row> {
    use rusqlite::types::ValueRef;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(match r.get_ref(i)? {
            ValueRef::Null => Val::Null,
            ValueRef::Integer(v) => Val::Int(v),
            ValueRef::Real(v) => Val::Real(v),
            ValueRef::Text(v) => Val::Text(String::from_utf8_lossy(v).into_owned()),
            ValueRef::Blob(v) => Val::Blob(v.to_vec()),
        });
    }
    Ok(Row(out))
}

impl Db for rusqlite::Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn exec(&self, sql: &str, params: &[Val]) -> Result<usize, StoreError> {
        Ok(self
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(params))?)
    }
    fn rows(&self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.prepare_cached(sql)?;
        let n = stmt.column_count();
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| sqlite_row(r, n))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
    fn serialise(&self, _: Order) -> Result<(), StoreError> {
        Ok(())
    }
}

impl Db for rusqlite::Transaction<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn exec(&self, sql: &str, params: &[Val]) -> Result<usize, StoreError> {
        (**self).exec(sql, params)
    }
    fn rows(&self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        (**self).rows(sql, params)
    }
    fn serialise(&self, order: Order) -> Result<(), StoreError> {
        (**self).serialise(order)
    }
    fn wake_at_commit(&self) -> Result<(), StoreError> {
        (**self).wake_at_commit()
    }
    fn exec_later(&self, sql: &str, params: &[Val]) -> Result<(), StoreError> {
        (**self).exec_later(sql, params)
    }
    fn exec_then_rows(
        &self,
        first: (&str, &[Val]),
        then: (&str, &[Val]),
    ) -> Result<(usize, Vec<Row>), StoreError> {
        (**self).exec_then_rows(first, then)
    }
}

// ---- PostgreSQL -----------------------------------------------------------------------

/// Takes a transaction-scoped advisory lock (PostgreSQL): held until the
/// transaction ends.
pub const LOCK: &str = "SELECT pg_advisory_xact_lock(?1)";

/// `?1`, `?2`, … as PostgreSQL's `$1`, `$2`, … (the statements hold no `?`
/// inside string literals).
pub fn numbered(sql: &str) -> String {
    sql.replace('?', "$")
}

impl tokio_postgres::types::ToSql for Val {
    fn to_sql(
        &self,
        ty: &tokio_postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<tokio_postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use tokio_postgres::types::{IsNull, Type};
        match self {
            Val::Null => Ok(IsNull::Yes),
            Val::Int(v) => match *ty {
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Val::Real(v) => v.to_sql(ty, out),
            Val::Text(v) => v.as_str().to_sql(ty, out),
            Val::Blob(v) => v.as_slice().to_sql(ty, out),
        }
    }
    fn accepts(_: &tokio_postgres::types::Type) -> bool {
        true
    }
    tokio_postgres::types::to_sql_checked!();
}

pub fn pg_row(r: &tokio_postgres::Row) -> Result<Row, StoreError> {
    use tokio_postgres::types::Type;
    let mut out = Vec::with_capacity(r.len());
    for (i, column) in r.columns().iter().enumerate() {
        let bad = |e: tokio_postgres::Error| StoreError::Backend(e.to_string());
        let ty = column.type_();
        out.push(
            if *ty == Type::INT8 {
                r.try_get::<_, Option<i64>>(i).map_err(bad)?.map(Val::Int)
            } else if *ty == Type::INT4 {
                r.try_get::<_, Option<i32>>(i)
                    .map_err(bad)?
                    .map(|v| Val::Int(v.into()))
            } else if *ty == Type::INT2 {
                r.try_get::<_, Option<i16>>(i)
                    .map_err(bad)?
                    .map(|v| Val::Int(v.into()))
            } else if *ty == Type::BOOL {
                r.try_get::<_, Option<bool>>(i)
                    .map_err(bad)?
                    .map(|v| Val::Int(v.into()))
            } else if *ty == Type::FLOAT8 {
                r.try_get::<_, Option<f64>>(i).map_err(bad)?.map(Val::Real)
            } else if *ty == Type::BYTEA {
                r.try_get::<_, Option<Vec<u8>>>(i)
                    .map_err(bad)?
                    .map(Val::Blob)
            } else {
                r.try_get::<_, Option<String>>(i)
                    .map_err(bad)?
                    .map(Val::Text)
            }
            .unwrap_or(Val::Null),
        );
    }
    Ok(Row(out))
}

/// A PostgreSQL transaction (or a connection inside one) used from a
/// blocking thread: each statement is driven on the runtime through
/// `handle` (the store runs its closures off the runtime, as on SQLite).
pub struct PgTx<'a, C> {
    pub tx: &'a C,
    pub handle: tokio::runtime::Handle,
    /// Statements already prepared on this connection, kept with it; none:
    /// each prepared as it is run.
    pub prepared: Option<&'a std::cell::RefCell<Prepared>>,
}

/// Statements prepared on one PostgreSQL connection, by their SQL as the
/// store writes it (the store's statements are a fixed set).
pub type Prepared = std::collections::HashMap<String, tokio_postgres::Statement>;

impl<C: tokio_postgres::GenericClient + Sync> PgTx<'_, C> {
    fn statement(&self, sql: &str) -> Result<tokio_postgres::Statement, StoreError> {
        if let Some(s) = self.prepared.and_then(|p| p.borrow().get(sql).cloned()) {
            return Ok(s);
        }
        let statement = self.handle.block_on(self.tx.prepare(&numbered(sql)))?;
        if let Some(p) = self.prepared {
            p.borrow_mut().insert(sql.to_owned(), statement.clone());
        }
        Ok(statement)
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        // The server's own words ("db error" alone says nothing), for the log.
        StoreError::Backend(match e.as_db_error() {
            Some(db) => format!("{}: {}", db.code().code(), db.message()),
            None => e.to_string(),
        })
    }
}

/// Parameters as tokio-postgres takes them.
pub fn pg_params(params: &[Val]) -> Vec<&(dyn tokio_postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync))
        .collect()
}

impl<C: tokio_postgres::GenericClient + Sync> Db for PgTx<'_, C> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn exec(&self, sql: &str, params: &[Val]) -> Result<usize, StoreError> {
        let statement = self.statement(sql)?;
        let refs = pg_params(params);
        let n = self.handle.block_on(self.tx.execute(&statement, &refs))?;
        Ok(n as usize)
    }
    fn rows(&self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        let statement = self.statement(sql)?;
        let refs = pg_params(params);
        let rows = self.handle.block_on(self.tx.query(&statement, &refs))?;
        rows.iter().map(pg_row).collect()
    }
    fn serialise(&self, order: Order) -> Result<(), StoreError> {
        let key = match order {
            Order::Feed => crate::pg::feed::FEED_LOCK,
            Order::Audit => crate::pg::audit::AUDIT_LOCK,
        };
        self.exec(LOCK, crate::vals![key])?;
        Ok(())
    }
    fn wake_at_commit(&self) -> Result<(), StoreError> {
        // Delivered at commit, once per transaction (the payload is always the same).
        self.exec(
            crate::pg::feed::NOTIFY,
            crate::vals![crate::pg::wake::CHANNEL],
        )?;
        Ok(())
    }
}
