//! Bulk data for the harness, in plain SQL: copies of the demo drive and
//! registrations made with `generate_series`, shaped like the app's own rows
//! (the schema's checks hold, and every slot counter equals its booked rows,
//! so `blood-drive check` passes on the result).

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text, Uuid as SqlUuid};
use uuid::Uuid;

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// A new drive `slug` like the drive `from`: same settings and work units, and
/// its first `slots` slots (all of them when larger), each of `capacity` seats.
pub fn copy_drive(
    conn: &mut PgConnection,
    from: &str,
    slug: &str,
    slots: i32,
    capacity: i32,
) -> QueryResult<Uuid> {
    conn.transaction(|conn| {
        let drive = diesel::sql_query(
            "INSERT INTO drives (slug, title, drive_date, time_zone, venue, partner, \
               registration_opens_at, registration_closes_at, target_bags, bag_volume_ml, \
               status, eligibility_overrides, registration_mode) \
             SELECT $2, title || ' (' || $2 || ')', drive_date, time_zone, venue, partner, \
               registration_opens_at, registration_closes_at, target_bags, bag_volume_ml, \
               status, eligibility_overrides, registration_mode \
             FROM drives WHERE slug = $1 RETURNING id",
        )
        .bind::<Text, _>(from)
        .bind::<Text, _>(slug)
        .get_result::<Id>(conn)?
        .id;
        diesel::sql_query(
            "INSERT INTO drive_units (drive_id, work_unit_id) \
             SELECT $2, work_unit_id FROM drive_units \
             WHERE drive_id = (SELECT id FROM drives WHERE slug = $1)",
        )
        .bind::<Text, _>(from)
        .bind::<SqlUuid, _>(drive)
        .execute(conn)?;
        diesel::sql_query(
            "INSERT INTO slots (drive_id, starts_at, ends_at, capacity) \
             SELECT $2, starts_at, ends_at, $4 FROM slots \
             WHERE drive_id = (SELECT id FROM drives WHERE slug = $1) \
             ORDER BY starts_at LIMIT $3",
        )
        .bind::<Text, _>(from)
        .bind::<SqlUuid, _>(drive)
        .bind::<Integer, _>(slots)
        .bind::<Integer, _>(capacity)
        .execute(conn)?;
        Ok(drive)
    })
}

/// `count` booked registrations of new donors in `drive`, spread over its slots
/// and over all work units. `tag` (two letters of the code alphabet, unique per
/// call) starts every confirmation code, and `nip_prefix` (six digits, unique
/// per call) every NIP, so nothing collides with the app's own rows.
pub fn add_registrations(
    conn: &mut PgConnection,
    drive: Uuid,
    count: i32,
    tag: &str,
    nip_prefix: &str,
) -> QueryResult<()> {
    conn.transaction(|conn| {
        diesel::sql_query(
            "WITH s AS (SELECT id, row_number() OVER (ORDER BY starts_at) - 1 AS i, \
                               count(*) OVER () AS n FROM slots WHERE drive_id = $1), \
                  u AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS i, \
                               count(*) OVER () AS n FROM work_units), \
                  d AS (INSERT INTO donors (nip, employee_type, full_name, sex, birth_date, \
                                            work_unit_id, phone, email, blood_group, rhesus, \
                                            weight_kg, donation_count) \
                        SELECT $4 || lpad(g::text, 12, '0'), 'pns', \
                               'Peserta Uji ' || g, \
                               CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END, \
                               date '1970-01-01' + (g % 12000), u.id, \
                               '0812' || lpad(g::text, 8, '0'), \
                               'peserta' || g || '@example.go.id', \
                               (ARRAY['A','B','AB','O','unknown'])[1 + g % 5], \
                               CASE WHEN g % 5 = 4 THEN 'unknown' ELSE 'positive' END, \
                               50 + g % 40, g % 7 \
                        FROM generate_series(1, $2) AS g \
                        JOIN u ON u.i = g % u.n \
                        RETURNING id, substr(nip, 7)::bigint AS g, sex, birth_date, \
                                  work_unit_id, donation_count) \
             INSERT INTO registrations (drive_id, donor_id, slot_id, status, prescreen_verdict, \
                                        code, manage_token_hash, source, work_unit_id, sex, \
                                        age_years, first_time) \
             SELECT $1, d.id, s.id, 'booked', 'eligible', c.code, \
                    sha256(convert_to('bench-' || c.code, 'UTF8')), 'self', d.work_unit_id, \
                    d.sex, date_part('year', age(date '2027-01-17', d.birth_date))::int, \
                    d.donation_count = 0 \
             FROM d JOIN s ON s.i = d.g % s.n \
             CROSS JOIN LATERAL (SELECT $3 || lpad(d.g::text, 6, '0') AS code) AS c",
        )
        .bind::<SqlUuid, _>(drive)
        .bind::<Integer, _>(count)
        .bind::<Text, _>(tag)
        .bind::<Text, _>(nip_prefix)
        .execute(conn)?;
        // Counters agree with the rows (capacity raised where the rows need it).
        diesel::sql_query(
            "UPDATE slots SET capacity = GREATEST(capacity, x.n), booked = x.n \
             FROM (SELECT slot_id, count(*)::int AS n FROM registrations \
                   WHERE drive_id = $1 AND status = 'booked' GROUP BY slot_id) AS x \
             WHERE slots.id = x.slot_id",
        )
        .bind::<SqlUuid, _>(drive)
        .execute(conn)?;
        Ok(())
    })
}
