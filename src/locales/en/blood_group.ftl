# Blood group: where it comes from (PMI's test or the donor's word), in counts,
# on the donor card and at the walk-in desk.

# Counts
org-col-declared-only = Of which: group declared only
org-declared-only-note = Of { $bags } bags, { $declared } are counted under a blood group declared only by the donor (never tested by PMI).
org-group-declared-only-label = { $group } ({ $count } declared only)

# Donor card, screenings, roster
blood-group-source-tested = PMI's result
blood-group-source-declared = declared by the donor
blood-group-unknown = not known yet
blood-group-tested-mark = (PMI)
blood-group-differs = PMI: { $tested } — differs from the donor's record ({ $declared })
blood-group-screened = Blood group tested by PMI: { $group }

# Walk-in
pmi-walk-in-group = Blood group (if the donor knows it)
pmi-walk-in-group-unknown = — doesn't know —
pmi-walk-in-group-hint = Recorded as the donor's word; it never replaces a group already on record. PMI's test at screening is what counts.
pmi-walk-in-group-invalid = Choose a blood group from the list, or "doesn't know".
