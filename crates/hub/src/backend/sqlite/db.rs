//! The embedded store's driver: SQLite connections and transactions as a
//! [`Db`], SQLite's values as [`Val`]s, its errors as [`StoreError`]s.

use crate::db::{Db, Dialect, Order, Row, StoreError, Val};

/// SQLite's errors cross the seam as text (for the log; clients get a
/// generic answer).
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            // The data disk full or failing: nothing was stored, and a
            // retry once space returns may succeed (503, not 500).
            Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Backend(e.to_string()),
        }
    }
}

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
