//! The bottom of the hub's storage: the values, rows and error every layer
//! above speaks, and the [`Db`] trait the shared SQL is written against.
//! Nothing here imports another part of the hub's storage (only the
//! `crypto` leaf, for the one error it can raise).
//!
//! The SQL the rules run (`queries/*.rs`) takes a [`Db`]: a
//! transaction on the embedded SQLite file or on PostgreSQL. Statements use
//! the SQL both understand, with numbered parameters written `?1`, `?2`, …
//! (PostgreSQL's `$1`, `$2`, … are made from them). Every integer column is
//! a 64-bit integer on both, so rows are read the same way. Where the two
//! must differ (ordering feed appends and audit appends when several hubs
//! write, leases on sends) the function asks [`Db::dialect`] or uses
//! [`Db::serialise`].

mod error;
pub mod types;

pub use error::StoreError;

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
    ($($v:expr),* $(,)?) => { &[$($crate::db::Val::from($v)),*][..] };
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

/// The latest time a request may carry: the last second of the year 9999.
/// Every time from outside is checked against it before any arithmetic.
pub const MAX_TIMESTAMP: i64 = 253_402_300_799;

/// Now, in unix seconds (0 if the clock is before 1970).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
