//! Every migration goes down and comes back up.

use blood_drive::db;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::helpers::fresh_database;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn table_count(conn: &mut PgConnection) -> i64 {
    diesel::sql_query(
        "SELECT count(*) AS n FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .get_result::<Count>(conn)
    .expect("count")
    .n
}

#[test]
fn migrations_revert_completely_and_apply_again() {
    let url = fresh_database();
    let mut conn = PgConnection::establish(&url).expect("connect");
    let before = table_count(&mut conn);
    assert!(before >= 13, "core tables exist: {before}");
    let reverted = db::revert_all_migrations(&mut conn).expect("down");
    assert!(reverted >= 1);
    assert_eq!(table_count(&mut conn), 0, "down.sql leaves nothing behind");
    let applied = db::run_migrations(&mut conn).expect("up");
    assert_eq!(applied.len(), reverted);
    assert_eq!(table_count(&mut conn), before);
}
