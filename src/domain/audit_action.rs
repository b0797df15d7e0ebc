//! What the audit log can say happened: one closed vocabulary, each action
//! with the stable name stored in `audit_log.action` (filters, reports and the
//! history on the donor card read these names back).

/// Every action the audit log records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    AuthLogin,
    AuthLoginFailed,
    AuthLogout,
    UserCreateFirstOrganizer,
    UserCreate,
    UserChangeRole,
    UserEnable,
    UserDisable,
    UserResetPassword,
    ApiTokenCreate,
    ApiTokenRevoke,
    UnitCreate,
    UnitUpdate,
    StaffListImport,
    DriveCreate,
    DriveUpdate,
    DriveUnits,
    DriveMarkNoShows,
    DrivePmiFigures,
    SlotCreate,
    SlotCapacity,
    SlotClose,
    SlotReopen,
    RegistrationCreate,
    RegistrationCancel,
    RegistrationApprove,
    RegistrationReject,
    RegistrationLinkReissue,
    RegistrationReschedule,
    RegistrationPromote,
    RegistrationWalkIn,
    RegistrationCheckIn,
    RegistrationUndoCheckIn,
    RegistrationNoShow,
    RegistrationUndoNoShow,
    RegistrationUndoDeferral,
    ScreeningRecord,
    DonationRecord,
    DonorErase,
    ExportDonors,
    RosterExport,
}

impl AuditAction {
    pub const ALL: [AuditAction; 41] = [
        AuditAction::AuthLogin,
        AuditAction::AuthLoginFailed,
        AuditAction::AuthLogout,
        AuditAction::UserCreateFirstOrganizer,
        AuditAction::UserCreate,
        AuditAction::UserChangeRole,
        AuditAction::UserEnable,
        AuditAction::UserDisable,
        AuditAction::UserResetPassword,
        AuditAction::ApiTokenCreate,
        AuditAction::ApiTokenRevoke,
        AuditAction::UnitCreate,
        AuditAction::UnitUpdate,
        AuditAction::StaffListImport,
        AuditAction::DriveCreate,
        AuditAction::DriveUpdate,
        AuditAction::DriveUnits,
        AuditAction::DriveMarkNoShows,
        AuditAction::DrivePmiFigures,
        AuditAction::SlotCreate,
        AuditAction::SlotCapacity,
        AuditAction::SlotClose,
        AuditAction::SlotReopen,
        AuditAction::RegistrationCreate,
        AuditAction::RegistrationCancel,
        AuditAction::RegistrationApprove,
        AuditAction::RegistrationReject,
        AuditAction::RegistrationLinkReissue,
        AuditAction::RegistrationReschedule,
        AuditAction::RegistrationPromote,
        AuditAction::RegistrationWalkIn,
        AuditAction::RegistrationCheckIn,
        AuditAction::RegistrationUndoCheckIn,
        AuditAction::RegistrationNoShow,
        AuditAction::RegistrationUndoNoShow,
        AuditAction::RegistrationUndoDeferral,
        AuditAction::ScreeningRecord,
        AuditAction::DonationRecord,
        AuditAction::DonorErase,
        AuditAction::ExportDonors,
        AuditAction::RosterExport,
    ];

    /// The name stored in the log (never change one: old lines keep it).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AuthLogin => "auth.login",
            AuditAction::AuthLoginFailed => "auth.login_failed",
            AuditAction::AuthLogout => "auth.logout",
            AuditAction::UserCreateFirstOrganizer => "user.create_first_organizer",
            AuditAction::UserCreate => "user.create",
            AuditAction::UserChangeRole => "user.change_role",
            AuditAction::UserEnable => "user.enable",
            AuditAction::UserDisable => "user.disable",
            AuditAction::UserResetPassword => "user.reset_password",
            AuditAction::ApiTokenCreate => "api_token.create",
            AuditAction::ApiTokenRevoke => "api_token.revoke",
            AuditAction::UnitCreate => "unit.create",
            AuditAction::UnitUpdate => "unit.update",
            AuditAction::StaffListImport => "staff_list.import",
            AuditAction::DriveCreate => "drive.create",
            AuditAction::DriveUpdate => "drive.update",
            AuditAction::DriveUnits => "drive.units",
            AuditAction::DriveMarkNoShows => "drive.mark_no_shows",
            AuditAction::DrivePmiFigures => "drive.pmi_figures",
            AuditAction::SlotCreate => "slot.create",
            AuditAction::SlotCapacity => "slot.capacity",
            AuditAction::SlotClose => "slot.close",
            AuditAction::SlotReopen => "slot.reopen",
            AuditAction::RegistrationCreate => "registration.create",
            AuditAction::RegistrationCancel => "registration.cancel",
            AuditAction::RegistrationApprove => "registration.approve",
            AuditAction::RegistrationReject => "registration.reject",
            AuditAction::RegistrationLinkReissue => "registration.link_reissue",
            AuditAction::RegistrationReschedule => "registration.reschedule",
            AuditAction::RegistrationPromote => "registration.promote",
            AuditAction::RegistrationWalkIn => "registration.walk_in",
            AuditAction::RegistrationCheckIn => "registration.check_in",
            AuditAction::RegistrationUndoCheckIn => "registration.undo_check_in",
            AuditAction::RegistrationNoShow => "registration.no_show",
            AuditAction::RegistrationUndoNoShow => "registration.undo_no_show",
            AuditAction::RegistrationUndoDeferral => "registration.undo_deferral",
            AuditAction::ScreeningRecord => "screening.record",
            AuditAction::DonationRecord => "donation.record",
            AuditAction::DonorErase => "donor.erase",
            AuditAction::ExportDonors => "export.donors",
            AuditAction::RosterExport => "roster.export",
        }
    }

    /// The action a stored name stands for.
    pub fn parse(name: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;
    use std::collections::HashSet;

    #[test]
    fn every_action_has_its_own_name_and_reads_back() {
        let names: HashSet<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), AuditAction::ALL.len());
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::parse("nothing.like_this"), None);
    }
}
