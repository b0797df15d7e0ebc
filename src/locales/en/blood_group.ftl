# Blood group: where it comes from (PMI's test or the donor's word).

# Counts
org-col-declared-only = Of which: group declared only
org-declared-only-note = Of { $bags } bags, { $declared } are counted under a blood group declared only by the donor (never tested by PMI).
org-group-declared-only-label = { $group } ({ $count } declared only)
