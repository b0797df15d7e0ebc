# Blood group: where it comes from (PMI's test or the donor's word).

# Counts
org-col-declared-only = Di antaranya: golongan hanya menurut pendonor
org-declared-only-note = Dari { $bags } kantong, { $declared } dihitung menurut golongan darah yang hanya disebut pendonor (belum pernah diperiksa PMI).
org-group-declared-only-label = { $group } ({ $count } hanya menurut pendonor)
