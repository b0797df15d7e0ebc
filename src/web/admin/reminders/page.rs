//! The reminders page and its `GET`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::messages::{DriveFacts, Person, SlotCount, group_message, personal_message};
use crate::db::PgPool;
use crate::domain::codes::ConfirmationCode;
use crate::domain::reminder_day::ReminderDay;
use crate::domain::vocab::RegistrationStatus;
use crate::domain::whatsapp::{ChatNumber, chat_link};
use crate::error::AppError;
use crate::store::drives::Drive;
use crate::store::reminders::{ReminderRow, to_remind};
use crate::web::access::Organizer;
use crate::web::public::zone_abbreviation;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

/// One person on the page.
pub struct PersonView {
    pub name: String,
    /// "08.00–08.30", empty on the waitlist.
    pub time: String,
    pub waitlisted: bool,
    /// The reminder to their own number; none without a usable phone.
    pub whatsapp: Option<String>,
}

/// One work unit: its people and the message for its group.
pub struct UnitView {
    pub name: String,
    pub code: String,
    pub people: Vec<PersonView>,
    pub group_message: String,
    pub group_whatsapp: String,
}

/// A choice of reminder day.
pub struct DayChoice {
    pub days: u32,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "admin/reminders.html")]
struct RemindersPage {
    ctx: PageCtx,
    slug: String,
    title: String,
    days: Vec<DayChoice>,
    notice: Option<Notice>,
    summary: String,
    units: Vec<UnitView>,
}

/// The `day` the query asks for: `Ok(None)` when it asks for none, `Err` when
/// it names no reminder day. Never fails on odd input (repeated keys, bad
/// percent-encoding): the first `day` counts.
fn asked_day(query: &str) -> Result<Option<ReminderDay>, ()> {
    let asked = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "day")
        .map(|(_, v)| v.into_owned());
    match asked.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => ReminderDay::from_days(value).map(Some).ok_or(()),
    }
}

/// `GET /admin/drives/{slug}/reminders?day=3|1`
pub async fn show(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let wanted = slug.into_inner();
    let (drive, rows) = with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        let rows = to_remind(conn, drive.id)?;
        Ok((drive, rows))
    })
    .await?;
    let today = Utc::now().with_timezone(&drive.tz()).date_naive();
    let next = ReminderDay::next(today, drive.drive_date);
    let (day, status, notice) = match asked_day(req.query_string()) {
        Ok(asked) => (asked.unwrap_or(next), StatusCode::OK, None),
        Err(()) => (
            next,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(Notice::bad(ctx.t.t("org-reminders-day-bad"))),
        ),
    };
    let days = ReminderDay::ALL
        .into_iter()
        .map(|d| {
            let date = ctx.t.long_date(d.date_for(drive.drive_date));
            DayChoice {
                days: d.days(),
                label: match d {
                    ReminderDay::ThreeDaysBefore => ctx.t.t1("org-reminders-day-3", "date", date),
                    ReminderDay::DayBefore => ctx.t.t1("org-reminders-day-1", "date", date),
                },
                current: d == day,
            }
        })
        .collect();
    let booked = rows
        .iter()
        .filter(|r| r.status == RegistrationStatus::Booked)
        .count();
    let without = rows
        .iter()
        .filter(|r| {
            r.phone
                .as_deref()
                .and_then(ChatNumber::from_phone)
                .is_none()
        })
        .count();
    let summary = ctx.t.ta(
        "org-reminders-summary",
        &[
            ("booked", ctx.t.number(booked as i64)),
            ("waitlisted", ctx.t.number((rows.len() - booked) as i64)),
            ("without", ctx.t.number(without as i64)),
        ],
    );
    let units = units(&ctx, &drive, day, rows);
    respond::html(
        status,
        &RemindersPage {
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            days,
            notice,
            summary,
            units,
            ctx,
        },
    )
}

/// The rows (in unit order) as units with their people and messages.
fn units(ctx: &PageCtx, drive: &Drive, day: ReminderDay, rows: Vec<ReminderRow>) -> Vec<UnitView> {
    let tz = drive.tz();
    let zone = zone_abbreviation(&drive.time_zone);
    let date = ctx.t.long_date(drive.drive_date);
    let facts = DriveFacts {
        title: &drive.title,
        venue: &drive.venue,
        date: &date,
        day,
    };
    let mut units: Vec<(UnitView, Vec<SlotCount>, usize)> = Vec::new();
    for row in rows {
        let code = row.unit_code.clone().unwrap_or_default();
        if units.last().is_none_or(|(u, _, _)| u.code != code) {
            let name = row
                .unit_name
                .clone()
                .unwrap_or_else(|| ctx.t.t("org-reminders-no-unit"));
            units.push((
                UnitView {
                    name,
                    code,
                    people: Vec::new(),
                    group_message: String::new(),
                    group_whatsapp: String::new(),
                },
                Vec::new(),
                0,
            ));
        }
        let Some((unit, slots, waitlisted)) = units.last_mut() else {
            continue;
        };
        let booked = row.status == RegistrationStatus::Booked;
        let time = match (booked, row.slot_starts_at, row.slot_ends_at) {
            (true, Some(start), Some(end)) => format!(
                "{}–{}",
                ctx.t.time(&start.with_timezone(&tz)),
                ctx.t.time(&end.with_timezone(&tz))
            ),
            _ => String::new(),
        };
        if time.is_empty() {
            *waitlisted += 1;
        } else if let Some(slot) = slots.last_mut().filter(|s| s.time == time) {
            slot.count += 1;
        } else {
            slots.push(SlotCount {
                time: time.clone(),
                count: 1,
            });
        }
        let arrival = format!("{time} {zone}");
        let code = ConfirmationCode::parse(&row.code)
            .map(|c| c.display())
            .unwrap_or_else(|_| row.code.clone());
        let whatsapp = row
            .phone
            .as_deref()
            .and_then(ChatNumber::from_phone)
            .map(|to| {
                let text = personal_message(
                    &ctx.t,
                    &facts,
                    &Person {
                        name: &row.full_name,
                        status: if time.is_empty() {
                            RegistrationStatus::Waitlisted
                        } else {
                            RegistrationStatus::Booked
                        },
                        arrival: (!time.is_empty()).then_some(arrival.as_str()),
                        code: &code,
                    },
                );
                chat_link(Some(&to), &text)
            });
        unit.people.push(PersonView {
            name: row.full_name,
            waitlisted: time.is_empty(),
            time,
            whatsapp,
        });
    }
    units
        .into_iter()
        .map(|(mut unit, slots, waitlisted)| {
            let slots: Vec<SlotCount> = slots
                .into_iter()
                .map(|s| SlotCount {
                    time: format!("{} {zone}", s.time),
                    count: s.count,
                })
                .collect();
            unit.group_message = group_message(&ctx.t, &facts, &unit.name, &slots, waitlisted);
            unit.group_whatsapp = chat_link(None, &unit.group_message);
            unit
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_names_a_day_or_none_and_odd_input_is_refused_not_a_crash() {
        assert_eq!(asked_day(""), Ok(None));
        assert_eq!(asked_day("day="), Ok(None));
        assert_eq!(asked_day("day=3"), Ok(Some(ReminderDay::ThreeDaysBefore)));
        assert_eq!(asked_day("x=1&day=%31"), Ok(Some(ReminderDay::DayBefore)));
        assert_eq!(asked_day("day=1&day=3"), Ok(Some(ReminderDay::DayBefore)));
        for bad in [
            "day=2",
            "day=%FF",
            "day=3%00",
            "day=H-1",
            "day=1%20OR%201=1",
        ] {
            assert_eq!(asked_day(bad), Err(()), "{bad}");
        }
    }
}
