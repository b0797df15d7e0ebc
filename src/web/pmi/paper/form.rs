//! The sheet as typed: one row per registration of the slot (fields named
//! `r.<registration id>.<column>`) and a few blank walk-in rows
//! (`w.<n>.<column>`), read out of the urlencoded body.

use std::collections::BTreeMap;

use uuid::Uuid;

use crate::domain::paper::Written;

/// Blank rows for walk-ins, on paper and on the form.
pub const WALK_IN_ROWS: usize = 4;

/// A registration's row (and the paper columns of a walk-in's), as typed.
#[derive(Debug, Default, Clone)]
pub struct RowForm {
    /// The paraf: present, "no" to the three day-of questions.
    pub present: bool,
    pub weight_kg: String,
    pub hb_g_dl: String,
    /// `120/80`.
    pub bp: String,
    pub pulse: String,
    pub temperature_c: String,
    pub tested_group: String,
    pub bag_number: String,
    /// `accept`, `defer` or empty.
    pub decision: String,
    pub deferral_reason: String,
    pub override_reason: String,
    /// What the sheet showed of the row (`status:screenings:donation`): a
    /// change since means a colleague recorded something meanwhile.
    pub seen: String,
}

impl RowForm {
    /// Which columns carry something.
    pub fn written(&self) -> Written {
        let filled = |s: &str| !s.trim().is_empty();
        Written {
            present: self.present,
            vitals: [
                &self.weight_kg,
                &self.hb_g_dl,
                &self.bp,
                &self.pulse,
                &self.temperature_c,
                &self.tested_group,
            ]
            .iter()
            .any(|s| filled(s)),
            decision: filled(&self.decision)
                || filled(&self.deferral_reason)
                || filled(&self.override_reason),
            bag: filled(&self.bag_number),
        }
    }

    fn set(&mut self, column: &str, value: String) -> bool {
        let field = match column {
            "present" => {
                self.present = !value.is_empty();
                return true;
            }
            "weight_kg" => &mut self.weight_kg,
            "hb_g_dl" => &mut self.hb_g_dl,
            "bp" => &mut self.bp,
            "pulse" => &mut self.pulse,
            "temperature_c" => &mut self.temperature_c,
            "tested_group" => &mut self.tested_group,
            "bag_number" => &mut self.bag_number,
            "decision" => &mut self.decision,
            "deferral_reason" => &mut self.deferral_reason,
            "override_reason" => &mut self.override_reason,
            "seen" => &mut self.seen,
            _ => return false,
        };
        *field = value;
        true
    }
}

/// A blank row a walk-in was written on.
#[derive(Debug, Default, Clone)]
pub struct WalkInForm {
    pub id_number: String,
    pub full_name: String,
    /// A work unit's code.
    pub work_unit: String,
    pub marks: RowForm,
}

impl WalkInForm {
    pub fn written(&self) -> bool {
        let filled = |s: &str| !s.trim().is_empty();
        filled(&self.id_number)
            || filled(&self.full_name)
            || filled(&self.work_unit)
            || self.marks.written().anything()
    }
}

/// The whole sheet as posted.
#[derive(Debug, Default, Clone)]
pub struct SheetForm {
    pub slot: String,
    pub rows: BTreeMap<Uuid, RowForm>,
    pub walk_ins: Vec<WalkInForm>,
}

/// A body no page of ours sends (an unknown column, a walk-in row beyond the
/// blank ones, a row that is no registration id).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a field of the paper sheet: {0}")]
pub struct UnknownField(pub String);

/// The longest value kept from one field, in characters (a bag number, a
/// reason): anything longer is a mistake the validation names.
const MAX_FIELD_CHARS: usize = 1001;

impl SheetForm {
    pub fn parse(body: &[u8]) -> Result<SheetForm, UnknownField> {
        let mut sheet = SheetForm {
            walk_ins: vec![WalkInForm::default(); WALK_IN_ROWS],
            ..Default::default()
        };
        for (name, value) in form_urlencoded::parse(body) {
            let value: String = value.chars().take(MAX_FIELD_CHARS).collect();
            let unknown = || UnknownField(name.chars().take(60).collect());
            let mut parts = name.splitn(3, '.');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("slot"), None, None) => sheet.slot = value,
                (Some("csrf_token"), None, None) => {}
                (Some("r"), Some(id), Some(column)) => {
                    let id = id.parse::<Uuid>().map_err(|_| unknown())?;
                    if !sheet.rows.entry(id).or_default().set(column, value) {
                        return Err(unknown());
                    }
                }
                (Some("w"), Some(n), Some(column)) => {
                    let row = n
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| sheet.walk_ins.get_mut(n))
                        .ok_or_else(unknown)?;
                    match column {
                        "id_number" => row.id_number = value,
                        "full_name" => row.full_name = value,
                        "work_unit" => row.work_unit = value,
                        other => {
                            if !row.marks.set(other, value) {
                                return Err(unknown());
                            }
                        }
                    }
                }
                _ => return Err(unknown()),
            }
        }
        Ok(sheet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_reads_rows_by_registration_and_blank_rows_by_place() {
        let id = Uuid::new_v4();
        let body = format!(
            "csrf_token=x&slot=abc&r.{id}.present=1&r.{id}.bp=120%2F80&w.1.full_name=Ani&w.1.present=1"
        );
        let sheet = SheetForm::parse(body.as_bytes()).expect("sheet");
        assert_eq!(sheet.slot, "abc");
        assert!(sheet.rows[&id].present);
        assert_eq!(sheet.rows[&id].bp, "120/80");
        assert_eq!(sheet.walk_ins.len(), WALK_IN_ROWS);
        assert_eq!(sheet.walk_ins[1].full_name, "Ani");
        assert!(sheet.walk_ins[1].written());
        assert!(!sheet.walk_ins[0].written());
    }

    #[test]
    fn fields_no_page_sends_are_refused() {
        for body in [
            "w.9999.full_name=x",
            "w.-1.full_name=x",
            "r.not-an-id.present=1",
            "r.00000000-0000-0000-0000-000000000000.sql=1",
            "whatever=1",
        ] {
            assert!(SheetForm::parse(body.as_bytes()).is_err(), "{body}");
        }
    }
}
