//! PostgreSQL's driver side: transactions as a [`Db`] (run from a blocking
//! thread, each statement driven on the runtime), PostgreSQL's values as
//! [`Val`]s and its errors as [`StoreError`]s. The writer's connection is
//! the other [`Db`] of this backend (`store.rs`, `PgSession`), prepared
//! and batched for group commit; both take the same locks
//! ([`Db::serialise`]) through [`lock_for`].

use crate::db::{Db, Dialect, Order, Row, StoreError, Val};

/// Takes a transaction-scoped advisory lock (PostgreSQL): held until the
/// transaction ends.
pub const LOCK: &str = "SELECT pg_advisory_xact_lock(?1)";

/// The advisory lock that orders `order`'s appends across hubs.
pub fn lock_for(order: Order) -> i64 {
    match order {
        Order::Feed => super::feed::FEED_LOCK,
        Order::Audit => super::audit::AUDIT_LOCK,
    }
}

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
        match e.as_db_error() {
            // Connection exceptions (08), the server shutting down or
            // starting up (57P), out of disk, memory or connections (53)
            // and an I/O error (58030): the database cannot take it now,
            // not the request wrong.
            Some(db)
                if ["08", "57P", "53", "58030"]
                    .iter()
                    .any(|class| db.code().code().starts_with(class)) =>
            {
                StoreError::Unavailable(format!("{}: {}", db.code().code(), db.message()))
            }
            Some(db) => StoreError::Backend(format!("{}: {}", db.code().code(), db.message())),
            None if e.is_closed()
                || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) =>
            {
                StoreError::Unavailable(e.to_string())
            }
            None => StoreError::Backend(e.to_string()),
        }
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
        self.exec(LOCK, crate::vals![lock_for(order)])?;
        Ok(())
    }
    fn wake_at_commit(&self) -> Result<(), StoreError> {
        // Delivered at commit, once per transaction (the payload is always the same).
        self.exec(super::feed::NOTIFY, crate::vals![super::wake::CHANNEL])?;
        Ok(())
    }
}
