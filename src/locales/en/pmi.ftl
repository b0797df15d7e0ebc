# PMI coordinators: the day itself — roster, check-in, screening, donation.

pmi-roster-title = Roster
pmi-roster-total = { $count } registered
pmi-roster-print = Print roster
pmi-roster-csv = Download CSV
pmi-roster-search = Search name, code or NIP/NIK
pmi-roster-all-slots = All times
pmi-roster-all-statuses = All statuses
pmi-roster-filter = Show
pmi-roster-booked = { $count } booked
pmi-roster-seats-left = { $count } seats left
pmi-roster-arrived = { $count } arrived
pmi-roster-empty = Nobody registered for this time yet.
pmi-roster-waitlist = Waitlist
pmi-col-slot = Time
pmi-col-code = Code
pmi-col-name = Name
pmi-col-id-number = NIP/NIK
pmi-col-unit = Work unit
pmi-col-sex = Sex
pmi-col-age = Age
pmi-col-blood = Blood group
pmi-col-status = Status
pmi-col-checked-in-at = Checked in at
pmi-sex-male = Male
pmi-sex-female = Female
pmi-walk-in-badge = Walk-in
pmi-over-capacity-badge = Over capacity
pmi-cancel = Cancel
pmi-yes = Yes
pmi-no = No

pmi-no-shows-title = Mark no-shows
pmi-no-shows-question = { $count } registrations are still "Booked". Mark them all as "No-show"?
pmi-no-shows-reversible = This can be undone per person from their registration page.
pmi-no-shows-confirm = Yes, mark { $count } as no-show
pmi-no-shows-too-early = This is possible only after the drive's last time slot has ended.
pmi-no-shows-done = { $count } registrations marked as no-show.
pmi-confirm-missing = Please confirm with the button on this page.

pmi-card-label = Donor card
pmi-checkin-title = Check-in
pmi-checkin-code = Confirmation code
pmi-checkin-code-hint = 8 letters/digits, e.g. ABCD-EFGH, or scan the donor's QR code.
pmi-checkin-find = Find
pmi-checkin-questions = Today's questions
pmi-checkin-confirm = Confirm check-in
pmi-open-registration = Open the registration
pmi-q-fever = Fever in the last 7 days?
pmi-q-medication = Took medication (aspirin, antibiotics) in the last 3 days?
pmi-q-sleep = Slept less than 4 hours last night?
pmi-answer-required = Answer yes or no.
pmi-code-unknown = Code { $code } was not found in this drive.
pmi-already-checked-in = Already checked in by { $name } at { $time }.
pmi-already-checked-in-at = Already checked in since { $time }.
pmi-already-done = Already recorded: { $status }.
pmi-not-allowed = Not possible for status "{ $status }".
pmi-needs-screening = Record a screening with the decision "accept" first.
pmi-has-donation = A donation is recorded; the deferral cannot be undone.
pmi-stale = This registration just changed (perhaps a double click). Please check this page again.
pmi-action-unknown = Choose an action from this page.

pmi-registration-title = Registration
pmi-confirm-action = Are you sure: { $action }?
pmi-action-undo-check-in = Undo check-in
pmi-action-no-show = Mark as no-show
pmi-action-undo-no-show = Undo no-show
pmi-action-undo-deferral = Undo deferral
pmi-done-checked-in = The donor is checked in.
pmi-done-screened = The screening is saved.
pmi-done-donated = The donation is saved.
pmi-done-undo-check-in = Check-in undone.
pmi-done-no-show = Marked as no-show.
pmi-done-undo-no-show = No-show undone.
pmi-done-undo-deferral = Deferral undone; the donor is checked in again.

pmi-screening-title = Screening
pmi-weight = Weight
pmi-hb = Haemoglobin (Hb)
pmi-systolic = Systolic blood pressure
pmi-diastolic = Diastolic blood pressure
pmi-pulse = Pulse
pmi-temperature = Temperature
pmi-screening-suggest = Show suggestion
pmi-screening-save = Save screening
pmi-suggestion = Suggestion
pmi-decision = Coordinator's decision
pmi-decision-accept = Accept
pmi-decision-defer = Defer
pmi-deferral-reason = Reason for deferral
pmi-deferred-until = Deferred until
pmi-override-reason = Reason for differing from the suggestion
pmi-override-hint = Required when the decision differs from the suggestion.
pmi-override-reason-required = Write why the decision differs from the suggestion.
pmi-deferred-until-invalid = The date must be after the drive date (YYYY-MM-DD).
pmi-required = Required.
pmi-not-a-number = Enter a number, e.g. 12.5.
pmi-not-a-whole-number = Enter a whole number, e.g. 120.
pmi-too-long = Too long.
pmi-screening-not-checked-in = The donor is not checked in (status "{ $status }"). Check them in first.
pmi-screening-not-now = A screening cannot be recorded for status "{ $status }".
pmi-screenings = Screenings
pmi-overridden = Differs from the suggestion ({ $suggested })
pmi-recorded-by = Recorded by { $name }

pmi-donation-title = Donation
pmi-bag-number = Bag number
pmi-bag-invalid = Enter the bag number: letters, digits and hyphens (at most 40).
pmi-bag-taken = This bag number is already used in this drive.
pmi-volume = Bag volume
pmi-volume-invalid = Choose 350 or 450 mL.
pmi-outcome = Outcome
pmi-outcome-label = { $outcome ->
    [complete] Complete
   *[incomplete] Incomplete
}
pmi-outcome-complete = Complete
pmi-outcome-incomplete = Incomplete
pmi-reaction = Donor reaction
pmi-reaction-label = { $reaction ->
    [mild] Mild
    [severe] Severe
   *[none] None
}
pmi-reaction-none = None
pmi-reaction-mild = Mild
pmi-reaction-severe = Severe
pmi-notes = Notes
pmi-donation-save = Save donation

pmi-history = History
pmi-actor-staff = Staff
pmi-actor-donor = Donor
pmi-actor-api = API
pmi-actor-system = System
pmi-history-registration-create = Registered
pmi-history-registration-cancel = Cancelled the registration
pmi-history-registration-reschedule = Moved to another time
pmi-history-registration-promote = Moved up from the waitlist
pmi-history-registration-check-in = Checked in
pmi-history-registration-undo-check-in = Check-in undone
pmi-history-registration-no-show = No-show
pmi-history-registration-undo-no-show = No-show undone
pmi-history-registration-undo-deferral = Deferral undone
pmi-history-registration-walk-in = Walk-in donor
pmi-history-screening-record = Screening
pmi-history-donation-record = Donation

pmi-walk-in-title = Walk-in donor
pmi-walk-in-save = Register and check in
pmi-walk-in-duplicate = This person is already registered for this drive; find them on the roster.
pmi-phone-optional = Phone/WhatsApp (optional)
pmi-phone-invalid = Not a valid phone number, e.g. 0812 3456 7890.
pmi-weight-invalid = Enter the weight in kg, e.g. 62.
pmi-slot-full = This time is full. Choose another, or tick "over capacity" and give the reason.
pmi-over-capacity-check = Add beyond this time's capacity
pmi-over-capacity-reason = Reason (required when over capacity)
pmi-over-capacity-reason-required = Write why this person is added beyond capacity.
pmi-over-capacity-reason-shown = Why over capacity
pmi-erased-text = (erased with the donor's personal data)
pmi-done-walk-in = Walk-in registered and checked in.
pmi-new-link-title = A new link for the donor
pmi-new-link-lead = For a donor who lost their personal link. The old link stops working; the donor scans the QR code with their own phone.
pmi-new-link-button = Make a new link
pmi-new-link-done = New link made. Ask the donor to scan this QR code with their own phone.
pmi-new-link-qr = QR code of the donor's personal link
pmi-new-link-hint = Do not photograph or send this link from a staff phone: it opens the donor's personal data.
pmi-walk-in-lookup = Look up in the staff list
pmi-walk-in-listed = Found on the staff list: name and unit are filled in. Check them with the donor.
pmi-walk-in-not-listed = This NIP/NIK is not on the staff list of the invited units. Enter the name and unit from the ID card.

# Tested blood group (screening)
pmi-tested-group = Blood group (PMI's test)
pmi-tested-group-none = — not tested —
pmi-tested-group-declared = On the donor's record: { $group }. PMI's result replaces it.
pmi-tested-group-invalid = Choose a blood group with its rhesus (e.g. O+), or leave it empty if not tested.
