//! The status changes a coordinator can press on the page (undo check-in,
//! no-show and back, undo deferral), as buttons and as the form's word.

use crate::domain::day_of::DayOfAction;

pub struct ActionButton {
    pub action: &'static str,
    pub label_key: &'static str,
}

pub(super) fn action_button(action: DayOfAction) -> Option<ActionButton> {
    let (action, label_key) = match action {
        DayOfAction::UndoCheckIn => ("undo_check_in", "pmi-action-undo-check-in"),
        DayOfAction::MarkNoShow => ("no_show", "pmi-action-no-show"),
        DayOfAction::UndoNoShow => ("undo_no_show", "pmi-action-undo-no-show"),
        DayOfAction::UndoDeferral => ("undo_deferral", "pmi-action-undo-deferral"),
        _ => return None,
    };
    Some(ActionButton { action, label_key })
}

pub(super) fn action_from_form(s: &str) -> Option<DayOfAction> {
    Some(match s {
        "undo_check_in" => DayOfAction::UndoCheckIn,
        "no_show" => DayOfAction::MarkNoShow,
        "undo_no_show" => DayOfAction::UndoNoShow,
        "undo_deferral" => DayOfAction::UndoDeferral,
        _ => return None,
    })
}
