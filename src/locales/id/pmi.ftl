# Petugas PMI: hari pelaksanaan — daftar hadir, kehadiran, pemeriksaan, donor.

pmi-roster-title = Daftar hadir
pmi-roster-total = { $count } pendaftar
pmi-roster-print = Cetak daftar hadir
pmi-roster-csv = Unduh CSV
pmi-roster-search = Cari nama, kode, atau NIP/NIK
pmi-roster-all-slots = Semua jam
pmi-roster-all-statuses = Semua status
pmi-roster-filter = Tampilkan
pmi-roster-booked = { $count } terdaftar
pmi-roster-seats-left = sisa { $count } kursi
pmi-roster-arrived = { $count } hadir
pmi-roster-empty = Belum ada pendaftar di jam ini.
pmi-roster-waitlist = Daftar tunggu
pmi-col-slot = Jam
pmi-col-code = Kode
pmi-col-name = Nama
pmi-col-id-number = NIP/NIK
pmi-col-unit = Unit kerja
pmi-col-sex = Jenis kelamin
pmi-col-age = Umur
pmi-col-blood = Gol. darah
pmi-col-status = Status
pmi-col-checked-in-at = Jam hadir
pmi-sex-male = Laki-laki
pmi-sex-female = Perempuan
pmi-walk-in-badge = Datang langsung
pmi-over-capacity-badge = Di luar kuota
pmi-cancel = Batal
pmi-yes = Ya
pmi-no = Tidak

pmi-no-shows-title = Tandai yang tidak hadir
pmi-no-shows-question = Masih ada { $count } pendaftar berstatus "Terdaftar". Tandai semuanya "Tidak hadir"?
pmi-no-shows-reversible = Bisa dibatalkan per orang dari halaman pendaftarannya.
pmi-no-shows-confirm = Ya, tandai { $count } orang tidak hadir
pmi-no-shows-too-early = Ini baru bisa dilakukan setelah jam terakhir kegiatan selesai.
pmi-no-shows-done = { $count } pendaftar ditandai tidak hadir.
pmi-confirm-missing = Konfirmasi dulu dengan tombol di halaman ini.

pmi-card-label = Kartu pendonor
pmi-checkin-title = Kehadiran
pmi-checkin-code = Kode pendaftaran
pmi-checkin-code-hint = 8 huruf/angka, misalnya ABCD-EFGH, atau pindai kode QR pendonor.
pmi-checkin-find = Cari
pmi-checkin-questions = Pertanyaan hari ini
pmi-checkin-confirm = Konfirmasi hadir
pmi-open-registration = Buka halaman pendaftaran
pmi-q-fever = Demam dalam 7 hari terakhir?
pmi-q-medication = Minum obat (aspirin, antibiotik) dalam 3 hari terakhir?
pmi-q-sleep = Tidur kurang dari 4 jam tadi malam?
pmi-answer-required = Jawab ya atau tidak.
pmi-code-unknown = Kode { $code } tidak ditemukan di kegiatan ini.
pmi-already-checked-in = Sudah hadir: dicatat oleh { $name } pukul { $time }.
pmi-already-checked-in-at = Sudah hadir sejak pukul { $time }.
pmi-already-done = Sudah tercatat: { $status }.
pmi-not-allowed = Tidak bisa dilakukan untuk status "{ $status }".
pmi-needs-screening = Catat dulu pemeriksaan dengan keputusan "layak donor".
pmi-has-donation = Donasi sudah tercatat; penundaan tidak bisa dibatalkan.
pmi-stale = Data ini baru saja berubah (mungkin tombol tertekan dua kali). Periksa halaman ini lagi.
pmi-action-unknown = Pilih tindakan dari halaman ini.

pmi-registration-title = Pendaftaran
pmi-confirm-action = Yakin: { $action }?
pmi-action-undo-check-in = Batalkan kehadiran
pmi-action-no-show = Tandai tidak hadir
pmi-action-undo-no-show = Batalkan "tidak hadir"
pmi-action-undo-deferral = Batalkan penundaan
pmi-done-checked-in = Pendonor tercatat hadir.
pmi-done-screened = Hasil pemeriksaan tersimpan.
pmi-done-donated = Donasi tersimpan.
pmi-done-undo-check-in = Kehadiran dibatalkan.
pmi-done-no-show = Ditandai tidak hadir.
pmi-done-undo-no-show = Status "tidak hadir" dibatalkan.
pmi-done-undo-deferral = Penundaan dibatalkan; pendonor kembali berstatus hadir.

pmi-screening-title = Pemeriksaan
pmi-weight = Berat badan
pmi-hb = Kadar Hb
pmi-systolic = Tekanan darah sistolik
pmi-diastolic = Tekanan darah diastolik
pmi-pulse = Nadi
pmi-temperature = Suhu
pmi-screening-suggest = Lihat saran
pmi-screening-save = Simpan pemeriksaan
pmi-suggestion = Saran sistem
pmi-decision = Keputusan petugas
pmi-decision-accept = Layak donor
pmi-decision-defer = Ditunda
pmi-deferral-reason = Alasan penundaan
pmi-deferred-until = Ditunda sampai
pmi-override-reason = Alasan berbeda dari saran
pmi-override-hint = Wajib diisi bila keputusan berbeda dari saran sistem.
pmi-override-reason-required = Tuliskan alasan mengapa keputusan berbeda dari saran.
pmi-deferred-until-invalid = Tanggal harus setelah hari kegiatan (format TTTT-BB-HH).
pmi-required = Wajib diisi.
pmi-not-a-number = Isi dengan angka, misalnya 12,5.
pmi-not-a-whole-number = Isi dengan bilangan bulat, misalnya 120.
pmi-too-long = Terlalu panjang.
pmi-screening-not-checked-in = Pendonor belum tercatat hadir (status "{ $status }"). Catat kehadiran dulu.
pmi-screening-not-now = Pemeriksaan tidak bisa dicatat untuk status "{ $status }".
pmi-screenings = Hasil pemeriksaan
pmi-overridden = Berbeda dari saran ({ $suggested })
pmi-recorded-by = Dicatat oleh { $name }

pmi-donation-title = Pengambilan darah
pmi-bag-number = Nomor kantong
pmi-bag-invalid = Isi nomor kantong: huruf, angka, dan tanda hubung (maks. 40).
pmi-bag-taken = Nomor kantong ini sudah dipakai di kegiatan ini.
pmi-volume = Volume kantong
pmi-volume-invalid = Pilih 350 atau 450 mL.
pmi-outcome = Hasil
pmi-outcome-label = { $outcome ->
    [complete] Lengkap
   *[incomplete] Tidak lengkap
}
pmi-outcome-complete = Lengkap
pmi-outcome-incomplete = Tidak lengkap
pmi-reaction = Reaksi donor
pmi-reaction-label = { $reaction ->
    [mild] Ringan
    [severe] Berat
   *[none] Tidak ada
}
pmi-reaction-none = Tidak ada
pmi-reaction-mild = Ringan
pmi-reaction-severe = Berat
pmi-notes = Catatan
pmi-donation-save = Simpan donasi

pmi-history = Riwayat
pmi-actor-staff = Petugas
pmi-actor-donor = Pendonor
pmi-actor-api = API
pmi-actor-system = Sistem
pmi-history-registration-create = Mendaftar
pmi-history-registration-cancel = Membatalkan pendaftaran
pmi-history-registration-reschedule = Pindah jam
pmi-history-registration-promote = Naik dari daftar tunggu
pmi-history-registration-check-in = Hadir
pmi-history-registration-undo-check-in = Kehadiran dibatalkan
pmi-history-registration-no-show = Tidak hadir
pmi-history-registration-undo-no-show = "Tidak hadir" dibatalkan
pmi-history-registration-undo-deferral = Penundaan dibatalkan
pmi-history-registration-walk-in = Donor datang langsung
pmi-history-screening-record = Pemeriksaan
pmi-history-donation-record = Donasi

pmi-walk-in-title = Donor datang langsung
pmi-walk-in-save = Daftarkan dan catat hadir
pmi-walk-in-duplicate = Orang ini sudah terdaftar di kegiatan ini; cari di daftar hadir.
pmi-phone-optional = Nomor HP/WhatsApp (boleh kosong)
pmi-phone-invalid = Nomor HP tidak valid, misalnya 0812 3456 7890.
pmi-weight-invalid = Isi berat badan dalam kg, misalnya 62.
pmi-slot-full = Jam ini sudah penuh. Pilih jam lain, atau centang "di luar kuota" dengan alasannya.
pmi-over-capacity-check = Tambahkan di luar kuota jam ini
pmi-over-capacity-reason = Alasan (wajib bila di luar kuota)
pmi-over-capacity-reason-required = Tuliskan alasan menambah di luar kuota.
pmi-done-walk-in = Donor datang langsung tercatat dan sudah hadir.
