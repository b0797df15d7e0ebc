# The donor's own page.

donor-title = Your donor registration
donor-new-title = Thank you, { $name }! Your registration is recorded.
donor-new-keep-link = Keep the address of this page (bookmark it, or send it to yourself on WhatsApp). Only through this link can you see, reschedule or cancel your registration.
donor-moved = Your arrival time has been changed.
donor-cancelled-now = Your registration is cancelled. Thank you for letting us know; your place can now go to someone else.
donor-code = Confirmation code
donor-qr-label = QR code for the PMI staff
donor-show-code = Show this code or QR code to the PMI staff when you arrive.
donor-arrival = Arrival time
donor-waitlist-position = Place on the waiting list
donor-waitlist-explain = All times are full right now. If someone cancels, you get an arrival time automatically and this page will show it.
donor-add-calendar = Add to calendar
donor-before-unwell = If you are ill or have a fever before the day, cancel so someone else can take your place.
donor-reschedule-heading = Change the arrival time
donor-no-other-slots = No other time has places left.
donor-reschedule-submit = Move to this time
donor-cancel-heading = Cancel the registration
donor-cancel-lead = Can't come? Cancel so your place can go to someone on the waiting list.
donor-cancel-button = Cancel registration…
donor-cancel-confirm-title = Cancel this registration?
donor-cancel-confirm-text = Your place will go to the next person on the waiting list. A cancellation cannot be undone, but you can register again while registration is open.
donor-keep = No, keep it
donor-cancel-confirm-button = Yes, cancel
donor-cannot-change = This registration can no longer be changed.
donor-changes-closed = Registration has closed, so the time can no longer be changed here. Contact the committee if something changes.
donor-choose-slot = Choose one of the available arrival times.
donor-slot-full = That time has just filled up. Your arrival time is unchanged; please choose another.
donor-ics-description = Confirmation code: { $code }. Show this code to the PMI staff. Change or cancel: { $url }

status-booked = Registered
status-waitlisted = Waiting list
status-cancelled = Cancelled
status-checked-in = Checked in
status-donated = Donated
status-deferred = Deferred
status-no-show = Did not come
