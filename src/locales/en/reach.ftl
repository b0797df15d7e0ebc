# WhatsApp without a gateway: the donor's personal link, the organizers' H-3/H-1 reminders.

reach-share-heading = Keep your personal link
reach-share-lead = Only with this link can you see your registration, change your arrival time or cancel. Send it to your own WhatsApp so it is not lost.
reach-share-link-label = Your personal link
reach-share-whatsapp = Send to my WhatsApp
reach-share-hint-own = WhatsApp opens with the message ready for your number ending in { $last4 }; press send.
reach-share-hint-pick = WhatsApp opens with the message ready; pick your own chat and press send.

reach-share-line-drive = Blood donation: { $title }
reach-share-line-arrival = Arrival time: { $when }
reach-share-line-date = Date: { $date }
reach-share-line-waitlisted = I am still on the waitlist; my page shows an arrival time when a place frees up.
reach-share-line-pending = My registration is waiting for the organizers' approval.
reach-share-line-venue = Place: { $venue }
reach-share-line-code = Confirmation code: { $code }
reach-share-line-link = My registration page (see, change or cancel): { $link }

reach-ics-alarm-day = Blood donation tomorrow: { $title }, { $time } at { $venue }. Sleep well tonight and bring your ID card.
reach-ics-alarm-hours = Blood donation in two hours: { $title } at { $venue }. Eat and drink water now. Code: { $code }

org-reminders-link = WhatsApp reminders
org-reminders-title = WhatsApp reminders
org-reminders-lead = Each button opens WhatsApp on your device with a message ready to send: one personal message to the number each person gave when registering, and one message for each unit's WhatsApp group. Nothing is sent automatically.
org-reminders-day-legend = Reminders for
org-reminders-day-3 = H-3 · { $date }
org-reminders-day-1 = H-1 · { $date }
org-reminders-day-bad = Choose H-3 or H-1. The next reminder is shown.
org-reminders-summary = Booked: { $booked } · waitlist: { $waitlisted } · without a phone number: { $without }
org-reminders-none = Nobody is booked or on the waitlist yet.
org-reminders-no-unit = No unit
org-reminders-people = People to remind in { $unit }
org-reminders-col-name = Name
org-reminders-col-time = Arrival time
org-reminders-col-send = Personal message
org-reminders-waitlisted = Waitlist
org-reminders-send = Send to { $name }
org-reminders-no-phone = No phone number
org-reminders-group-label = Message for the { $unit } WhatsApp group
org-reminders-group-send = Send to the { $unit } group
org-reminders-group-hint = The group message gives times and head counts only, no names: who signed up to give blood is for the organizers to know.

reach-remind-hello = Hello { $name },
reach-remind-when-3 = a reminder from the organizers: { $title } is in three days, on { $date }.
reach-remind-when-1 = a reminder from the organizers: { $title } is tomorrow, { $date }.
reach-remind-arrival = Your arrival time: { $time }
reach-remind-waitlisted = You are still on the waitlist. When a place frees up, your registration page shows your arrival time straight away.
reach-remind-venue = Place: { $venue }
reach-remind-code = Confirmation code: { $code } (show it to the PMI staff)
reach-remind-prepare = Before you come: sleep well (at least 4 hours), eat 3–4 hours before donating, drink plenty of water, and bring your ID card (KTP) or staff card.
reach-remind-change = If you cannot come or feel unwell, change or cancel through the personal link you received when registering.
reach-remind-thanks = Thank you!

reach-group-hello = Dear colleagues of { $unit },
reach-group-when-3 = { $title } is in three days, on { $date }, at { $venue }.
reach-group-when-1 = { $title } is tomorrow, { $date }, at { $venue }.
reach-group-booked = Booked from our unit: { $count }
reach-group-slot = • { $time }: { $count }
reach-group-waitlisted = • waitlist: { $count }
reach-group-personal = Everyone's arrival time and confirmation code are on the personal link they received when registering.
