# Blood group: where it comes from (PMI's test or the donor's word), in counts,
# on the donor card and at the walk-in desk.

# Counts
org-col-declared-only = Di antaranya: golongan hanya menurut pendonor
org-declared-only-note = Dari { $bags } kantong, { $declared } dihitung menurut golongan darah yang hanya disebut pendonor (belum pernah diperiksa PMI).
org-group-declared-only-label = { $group } ({ $count } hanya menurut pendonor)

# Donor card, screenings, roster
blood-group-source-tested = hasil PMI
blood-group-source-declared = menurut pendonor
blood-group-unknown = belum diketahui
blood-group-tested-mark = (PMI)
blood-group-differs = PMI: { $tested } — berbeda dari data pendonor ({ $declared })
blood-group-screened = Golongan darah hasil PMI: { $group }

# Walk-in
pmi-walk-in-group = Golongan darah (bila pendonor tahu)
pmi-walk-in-group-unknown = — tidak tahu —
pmi-walk-in-group-hint = Dicatat sebagai keterangan pendonor dan tidak menggantikan golongan yang sudah tercatat. Hasil periksa PMI saat skrining yang berlaku.
pmi-walk-in-group-invalid = Pilih golongan darah dari daftar, atau "tidak tahu".
