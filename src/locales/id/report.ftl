# The report the head of office signs, PMI's official figures, and the
# spreadsheets a secretary sends (issue #16).

# Report page
report-link = Laporan
report-heading = Laporan Kegiatan Donor Darah
report-activity = Kegiatan
report-what = Kegiatan
report-when = Hari, tanggal
report-where = Tempat
report-with = Bekerja sama dengan
report-results = Hasil
report-units-title = Unit kerja dengan partisipasi tertinggi
report-units-more = Unit kerja lainnya ada di rekap Excel: { $count }.
report-office-fallback = Panitia Donor Darah
report-signatures = Tanda tangan
report-sign-acknowledged = Mengetahui,
report-sign-head = Kepala Kantor Wilayah
report-sign-chair = Ketua Panitia
report-edit-signatures = Ubah kop dan penanda tangan

# PMI's official figures
report-pmi-title = Angka resmi PMI
report-pmi-hint = Isi setelah kegiatan, dari berita acara PMI: jumlah kantong yang diterima PMI, dan bila ada, per golongan darah (keempatnya, jumlahnya sama dengan total) serta berapa yang rhesus negatif. Laporan menampilkan angka panitia dan angka PMI berdampingan.
report-pmi-total = Kantong diterima PMI (total)
report-pmi-group-a = Golongan A
report-pmi-group-b = Golongan B
report-pmi-group-ab = Golongan AB
report-pmi-group-o = Golongan O
report-pmi-rh-negative = Di antaranya rhesus negatif (boleh kosong)
report-pmi-save = Simpan angka PMI
report-pmi-saved = Angka resmi PMI tersimpan.
report-pmi-saved-at = Angka PMI dicatat { $at }.
report-pmi-none = Angka resmi PMI belum diisi.
report-pmi-col = PMI
report-pmi-col-difference = Selisih (PMI − panitia)
report-pmi-ours = panitia
report-pmi-line-total = Jumlah kantong
report-pmi-line-group = Golongan { $group }
report-pmi-line-rh-negative = Rhesus negatif
report-pmi-match = Angka PMI sama dengan hitungan panitia.
report-pmi-more = PMI mencatat { $count } kantong lebih banyak daripada hitungan panitia.
report-pmi-fewer = PMI mencatat { $count } kantong lebih sedikit daripada hitungan panitia.
report-pmi-groups-differ = Jumlah kantong sama, tetapi pembagian per golongan darah berbeda.
report-pmi-error-number = Tulis bilangan bulat 0 atau lebih, tanpa titik atau tanda minus.
report-pmi-error-total = Isi jumlah kantong yang diterima PMI.
report-pmi-error-too-many = Angka ini terlalu besar (paling banyak 100.000).
report-pmi-error-groups-partial = Isi keempat golongan darah, atau kosongkan semuanya.
report-pmi-error-groups-sum = Jumlah golongan A, B, AB, dan O harus sama dengan total kantong.
report-pmi-error-rh-over-total = Kantong rhesus negatif tidak bisa lebih banyak dari total kantong.

# Drive form: letterhead and signatories
report-drive-section = Kop dan penanda tangan laporan
report-drive-section-hint = Semua boleh kosong. Tanpa nama kantor, kop memakai nama Kantor Wilayah dari daftar unit kerja; nama yang kosong dicetak sebagai garis untuk ditulis tangan.
report-office-name = Nama kantor (kop laporan)
report-office-address = Alamat kantor
report-chair-name = Nama Ketua Panitia
report-chair-nip = NIP Ketua Panitia
report-head-name = Nama Kepala Kantor Wilayah
report-head-nip = NIP Kepala Kantor Wilayah
report-nip-hint = NIP 18 angka, boleh dengan spasi (mis. 19850312 201001 1 002).
report-error-too-long = Teks ini terlalu panjang.
report-error-nip = NIP ini tidak dapat dipakai: { $why }

# Counts: walk-ins
org-sum-walk-ins = Datang tanpa mendaftar
org-sum-walk-ins-donated = Kantong dari yang datang langsung

# Spreadsheets
xlsx-title = Rekap Kegiatan Donor Darah
xlsx-data-as-of = Data per ({ $zone })
xlsx-sheet-summary = Ringkasan
xlsx-sheet-blood-groups = Golongan darah
xlsx-sheet-statuses = Status pendaftaran
xlsx-sheet-deferrals = Penundaan
xlsx-sheet-units = Unit kerja
xlsx-sheet-slots = Sesi
xlsx-sheet-sex = Jenis kelamin
xlsx-sheet-age-bands = Kelompok usia
xlsx-sheet-history = Pendonor baru & ulang
xlsx-sheet-donors = Pendonor
xlsx-unknown = tidak diketahui
xlsx-rhesus-positive = positif
xlsx-rhesus-negative = negatif
xlsx-employee-pns = PNS
xlsx-employee-pppk = PPPK
xlsx-employee-non-asn = Non-ASN
