//! Data invariants `blood-drive check` verifies: the promises the booking code
//! makes, re-counted from the rows themselves.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Uuid as SqlUuid};
use uuid::Uuid;

/// One broken promise, described for a person reading the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub invariant: &'static str,
    pub detail: String,
}

#[derive(QueryableByName)]
struct SlotMismatch {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Integer)]
    booked: i32,
    #[diesel(sql_type = Integer)]
    capacity: i32,
    #[diesel(sql_type = BigInt)]
    holders: i64,
}

#[derive(QueryableByName)]
struct Pair {
    #[diesel(sql_type = Text)]
    label: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every invariant, checked in turn: the breaches found, none when all hold.
pub fn check_all(conn: &mut PgConnection) -> QueryResult<Vec<Breach>> {
    let mut breaches = slot_counters(conn)?;
    for check in &PAIR_CHECKS {
        let found: Vec<Pair> = diesel::sql_query(check.sql).load(conn)?;
        breaches.extend(found.iter().map(|pair| Breach {
            invariant: check.invariant,
            detail: (check.detail)(pair),
        }));
    }
    Ok(breaches)
}

/// Each slot's counter against the rows holding one of its seats.
fn slot_counters(conn: &mut PgConnection) -> QueryResult<Vec<Breach>> {
    // Statuses that hold a seat once booked: only cancellation gives it back.
    let slots: Vec<SlotMismatch> = diesel::sql_query(
        "SELECT s.id, s.booked, s.capacity, count(r.id) AS holders \
         FROM slots s LEFT JOIN registrations r ON r.slot_id = s.id \
           AND r.status IN ('booked', 'checked_in', 'donated', 'deferred', 'no_show') \
           AND NOT r.over_capacity \
         GROUP BY s.id HAVING s.booked <> count(r.id) OR s.booked > s.capacity",
    )
    .load(conn)?;
    Ok(slots
        .into_iter()
        .map(|s| Breach {
            invariant: "slot counter equals its seat-holding registrations",
            detail: format!(
                "slot {}: counter says {} booked (capacity {}), rows say {}",
                s.id, s.booked, s.capacity, s.holders
            ),
        })
        .collect())
}

/// An invariant whose query lists each breach as a label and a number.
struct PairCheck {
    invariant: &'static str,
    sql: &'static str,
    detail: fn(&Pair) -> String,
}

const PAIR_CHECKS: [PairCheck; 5] = [
    PairCheck {
        invariant: "one active registration per donor per drive",
        sql: "SELECT drive_id::text || ' / donor ' || donor_id::text AS label, count(*) AS n \
              FROM registrations WHERE status <> 'cancelled' \
              GROUP BY drive_id, donor_id HAVING count(*) > 1",
        detail: |d| format!("drive {}: {} active registrations", d.label, d.n),
    },
    PairCheck {
        invariant: "bag numbers unique per drive",
        sql: "SELECT drive_id::text || ' / bag ' || bag_number AS label, count(*) AS n \
              FROM donations GROUP BY drive_id, bag_number HAVING count(*) > 1",
        detail: |b| format!("drive {}: used {} times", b.label, b.n),
    },
    PairCheck {
        invariant: "booked registrations have a slot",
        sql: "SELECT id::text AS label, 1::bigint AS n FROM registrations \
              WHERE status IN ('booked', 'checked_in', 'donated', 'no_show') AND slot_id IS NULL",
        detail: |r| format!("registration {} has no slot", r.label),
    },
    PairCheck {
        invariant: "every donated registration has its donation record",
        sql: "SELECT r.id::text AS label, 1::bigint AS n FROM registrations r \
              LEFT JOIN donations d ON d.registration_id = r.id \
              WHERE r.status = 'donated' AND d.id IS NULL",
        detail: |r| format!("registration {} is donated but has no bag", r.label),
    },
    PairCheck {
        invariant: "the audit log records every donation",
        sql: "SELECT d.bag_number AS label, 1::bigint AS n FROM donations d \
              WHERE NOT EXISTS (SELECT 1 FROM audit_log a \
                                WHERE a.entity_id IN (d.id, d.registration_id) AND a.action LIKE 'donation.%')",
        detail: |u| format!("bag {} has no audit line", u.label),
    },
];
