# The report the head of office signs, PMI's official figures, and the
# spreadsheets a secretary sends (issue #16).

# Report page
report-link = Report
report-heading = Blood Donation Drive Report
report-activity = Activity
report-what = Activity
report-when = Day, date
report-where = Venue
report-with = In cooperation with
report-results = Results
report-units-title = Work units with the highest participation
report-units-more = More work units are in the Excel counts: { $count }.
report-office-fallback = Blood Drive Committee
report-signatures = Signatures
report-sign-acknowledged = Acknowledged,
report-sign-head = Head of the Regional Office
report-sign-chair = Chair of the Committee
report-edit-signatures = Edit letterhead and signatories

# PMI's official figures
report-pmi-title = PMI's official figures
report-pmi-hint = Fill in after the drive, from PMI's handover record: the bags PMI received and, if given, by blood group (all four, adding up to the total) and how many were rhesus negative. The report shows the committee's count and PMI's side by side.
report-pmi-total = Bags received by PMI (total)
report-pmi-group-a = Group A
report-pmi-group-b = Group B
report-pmi-group-ab = Group AB
report-pmi-group-o = Group O
report-pmi-rh-negative = Of which rhesus negative (optional)
report-pmi-save = Save PMI's figures
report-pmi-saved = PMI's official figures are saved.
report-pmi-saved-at = PMI's figures recorded { $at }.
report-pmi-none = PMI's official figures have not been entered yet.
report-pmi-col = PMI
report-pmi-col-difference = Difference (PMI − committee)
report-pmi-ours = committee
report-pmi-line-total = Bags
report-pmi-line-group = Group { $group }
report-pmi-line-rh-negative = Rhesus negative
report-pmi-match = PMI's figures match the committee's count.
report-pmi-more = PMI's total is { $count } above the committee's count.
report-pmi-fewer = PMI's total is { $count } below the committee's count.
report-pmi-groups-differ = The number of bags is the same, but the split by blood group differs.
report-pmi-error-number = Write a whole number, 0 or more, without dots or a minus sign.
report-pmi-error-total = Enter the number of bags PMI received.
report-pmi-error-too-many = This number is too large (at most 100,000).
report-pmi-error-groups-partial = Fill in all four blood groups, or leave them all empty.
report-pmi-error-groups-sum = Groups A, B, AB and O must add up to the total bags.
report-pmi-error-rh-over-total = Rhesus negative bags cannot be more than the total.

# Drive form: letterhead and signatories
report-drive-section = Report letterhead and signatories
report-drive-section-hint = All optional. Without an office name the letterhead uses the regional office from the list of work units; an empty name prints as a line to sign by hand.
report-office-name = Office name (letterhead)
report-office-address = Office address
report-chair-name = Name of the committee's chair
report-chair-nip = NIP of the committee's chair
report-head-name = Name of the head of the regional office
report-head-nip = NIP of the head of the regional office
report-nip-hint = An 18-digit NIP, spaces allowed (e.g. 19850312 201001 1 002).
report-error-too-long = This text is too long.
report-error-nip = This NIP cannot be used: { $why }

# Counts: walk-ins
org-sum-walk-ins = Walk-ins (not registered)
org-sum-walk-ins-donated = Bags from walk-ins

# Spreadsheets
xlsx-title = Blood Drive Counts
xlsx-data-as-of = Data as of ({ $zone })
xlsx-sheet-summary = Summary
xlsx-sheet-blood-groups = Blood groups
xlsx-sheet-statuses = Registration status
xlsx-sheet-deferrals = Deferrals
xlsx-sheet-units = Work units
xlsx-sheet-slots = Time slots
xlsx-sheet-sex = Sex
xlsx-sheet-age-bands = Age bands
xlsx-sheet-history = First-time & repeat
xlsx-sheet-donors = Donors
xlsx-unknown = unknown
xlsx-rhesus-positive = positive
xlsx-rhesus-negative = negative
xlsx-employee-pns = PNS
xlsx-employee-pppk = PPPK
xlsx-employee-non-asn = Non-ASN
