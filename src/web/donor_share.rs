//! On the donor's page: the personal link to tap, and a WhatsApp button that
//! sends it to the person's own number with the drive, the arrival time, the
//! place and the confirmation code (`templates/public/donor_share.html`).

use crate::domain::vocab::RegistrationStatus;
use crate::domain::whatsapp::{ChatNumber, chat_link};
use crate::i18n::I18n;

/// What the share card shows.
pub struct DonorShare {
    /// The personal link (`…/r/{token}`).
    pub link: String,
    /// `https://wa.me/<own number>?text=…`, or `https://wa.me/?text=…`.
    pub whatsapp: String,
    /// The last four digits of the number the message goes to, when known.
    pub to_last4: Option<String>,
}

/// The facts of one registration the message carries.
pub struct ShareFacts<'a> {
    pub title: &'a str,
    pub venue: &'a str,
    pub status: RegistrationStatus,
    /// "Sabtu, 17 Januari 2027, 08.00–08.30 WITA" when the person has a slot.
    pub arrival: Option<&'a str>,
    /// The drive's date, long form.
    pub date: &'a str,
    /// The confirmation code as people read it (`ABCD-EFGH`).
    pub code: &'a str,
    pub link: &'a str,
    /// The phone given with the registration.
    pub phone: Option<&'a str>,
}

/// The share card for a registration still going somewhere (booked, on the
/// waitlist, waiting for approval, checked in); none for the others.
pub fn donor_share(t: &I18n, facts: &ShareFacts<'_>) -> Option<DonorShare> {
    let seated = matches!(
        facts.status,
        RegistrationStatus::Booked | RegistrationStatus::CheckedIn
    );
    let waiting = matches!(
        facts.status,
        RegistrationStatus::Waitlisted | RegistrationStatus::Pending
    );
    if !seated && !waiting {
        return None;
    }
    let mut lines = vec![t.ta(
        "reach-share-line-drive",
        &[("title", facts.title.to_owned())],
    )];
    match (seated, facts.arrival) {
        (true, Some(when)) => {
            lines.push(t.ta("reach-share-line-arrival", &[("when", when.to_owned())]))
        }
        _ => lines.push(t.ta("reach-share-line-date", &[("date", facts.date.to_owned())])),
    }
    match facts.status {
        RegistrationStatus::Waitlisted => lines.push(t.t("reach-share-line-waitlisted")),
        RegistrationStatus::Pending => lines.push(t.t("reach-share-line-pending")),
        _ => {}
    }
    lines.push(t.ta(
        "reach-share-line-venue",
        &[("venue", facts.venue.to_owned())],
    ));
    if seated {
        lines.push(t.ta("reach-share-line-code", &[("code", facts.code.to_owned())]));
    }
    lines.push(t.ta("reach-share-line-link", &[("link", facts.link.to_owned())]));
    let to = facts.phone.and_then(ChatNumber::from_phone);
    let to_last4 = to.as_ref().map(|n| {
        let digits = n.as_str();
        digits[digits.len().saturating_sub(4)..].to_owned()
    });
    Some(DonorShare {
        link: facts.link.to_owned(),
        whatsapp: chat_link(to.as_ref(), &lines.join("\n")),
        to_last4,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn facts(status: RegistrationStatus, phone: Option<&str>) -> ShareFacts<'_> {
        ShareFacts {
            title: "Donor Darah & Bakti #78",
            venue: "Aula Kanwil, Kupang",
            status,
            arrival: Some("Sabtu, 17 Januari 2027, 08.00–08.30 WITA"),
            date: "Sabtu, 17 Januari 2027",
            code: "ABCD-EFGH",
            link: "https://donor.example/r/abc",
            phone,
        }
    }

    #[test]
    fn a_booked_person_sends_code_time_and_link_to_their_own_number() {
        let t = I18n::new(Lang::Id);
        let share = donor_share(
            &t,
            &facts(RegistrationStatus::Booked, Some("+6281234567890")),
        )
        .expect("share");
        assert!(
            share
                .whatsapp
                .starts_with("https://wa.me/6281234567890?text=")
        );
        assert_eq!(share.to_last4.as_deref(), Some("7890"));
        assert!(share.whatsapp.contains("ABCD%2DEFGH"));
        assert!(
            share.whatsapp.contains("%26%20Bakti%20%2378"),
            "{}",
            share.whatsapp
        );
    }

    #[test]
    fn without_a_number_the_person_picks_the_chat_and_the_waitlist_has_no_code() {
        let t = I18n::new(Lang::En);
        let share = donor_share(&t, &facts(RegistrationStatus::Waitlisted, None)).expect("share");
        assert!(share.whatsapp.starts_with("https://wa.me/?text="));
        assert_eq!(share.to_last4, None);
        assert!(!share.whatsapp.contains("ABCD"));
        assert!(donor_share(&t, &facts(RegistrationStatus::Cancelled, None)).is_none());
    }
}
