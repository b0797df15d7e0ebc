# Paper sheets: the printed roster is the day's form; a slot's sheet typed back in.

paper-title = Enter a paper sheet
paper-slots = Slots
paper-print-sheets = Print the paper sheets
paper-no-such-slot = That slot is not one of this drive's. Choose one from the list.
paper-choose-slot = Choose the slot whose sheet you are entering.
paper-policy-title = All or nothing
paper-policy = The sheet is recorded only when every row is right. If one row has a problem, nothing is written: every value you typed stays on the page and the problem is shown next to its field. A sheet recorded halfway is hard to match with the paper afterwards, so it is never half-recorded.
paper-paraf-meaning = A paraf means the donor was present and answered "no" to the three day-of questions (fever in the last 7 days, medication in the last 3 days, slept under 4 hours). A donor who answers "yes" is handled at the table, not on paper.
paper-col-no = No
paper-col-paraf = Paraf
paper-col-weight = Weight (kg)
paper-col-hb = Hb (g/dL)
paper-col-bp = Blood pressure (sys/dia)
paper-col-pulse = Pulse
paper-col-temperature = Temperature (°C)
paper-col-group = Blood group (PMI)
paper-col-bag = Bag number
paper-col-decision = Decision
paper-decision-accept = Donor
paper-decision-defer = Deferred
paper-deferral-reason = Reason for deferral
paper-override-reason = Why, if not as suggested
paper-walk-ins = Walk-ins (written on the blank rows)
paper-walk-in-row = Walk-in row { $no }
paper-submit = Record the whole sheet
paper-done = Recorded from the sheet: { $check_ins } check-ins, { $screenings } screenings, { $donations } donations, { $walk_ins } walk-ins.
paper-done-nothing = Nothing was written on the sheet, so nothing was recorded.
paper-refused = Nothing was recorded: { $count } problem(s) on the sheet, listed below and next to their fields. Correct them and send the sheet again; what you typed is kept.
paper-rows-gone = { $count } row(s) were typed for people no longer in this slot (moved or cancelled meanwhile).
paper-conflict-checked-in = { $name } checked this donor in at { $time } while the sheet was being typed. Check the row against the paper.
paper-conflict-recorded-meanwhile = A colleague recorded this donor at a station while the sheet was being typed. The row now shows what was recorded: check it against the paper.
paper-bag-twice = The same bag number is on row { $no }.
paper-bp-invalid = Write the blood pressure as systolic/diastolic, e.g. 120/80.
paper-walk-in-weight = A walk-in is entered with the screening columns: the weight registers them.
paper-walk-in-beyond-capacity = Written on the slot's paper sheet: the person was present.
paper-problem-no-paraf = Values are written but there is no paraf: tick "Paraf" only if the donor signed.
paper-problem-decision-without-vitals = A decision needs the vitals it rests on.
paper-problem-bag-without-acceptance = A bag number needs an accepted screening.
paper-problem-bag-on-deferral = A deferred donor has no bag.

# The printed sheet
paper-sheet-title = Donation sheet
paper-sheet-slot = Slot { $slot }
paper-sheet-paraf-line = Paraf = the donor is present and answered "no" to: fever in the last 7 days, medication in the last 3 days, slept under 4 hours. A "yes" goes to the table, not on this sheet.
paper-sheet-decision = Decision (✓ donor / deferred)
paper-sheet-donor = donor
paper-sheet-defer = deferred
paper-sheet-walk-in = walk-in
paper-sheet-coordinator = Coordinator (name)
paper-sheet-signature = Signature
paper-sheet-enter = Type this sheet in
paper-sheet-none = No slot has anyone booked yet: there is no sheet to print.
paper-sheet-screen-hint = Print with your browser (A4, landscape). Each slot starts on a new page.
