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
pmi-roster-seats-left = sisa { $count } tempat
pmi-roster-arrived = { $count } hadir
pmi-roster-empty = Belum ada pendaftar pada jam ini.
pmi-roster-waitlist = Daftar tunggu
pmi-col-slot = Jam
pmi-col-code = Kode
pmi-col-name = Nama
pmi-col-id-number = NIP/NIK
pmi-col-unit = Unit kerja
pmi-col-sex = Jenis kelamin
pmi-col-age = Usia
pmi-col-blood = Gol. darah
pmi-col-status = Status
pmi-col-checked-in-at = Jam hadir
pmi-sex-male = Laki-laki
pmi-sex-female = Perempuan
pmi-walk-in-badge = Datang langsung
pmi-over-capacity-badge = Melebihi kapasitas
pmi-cancel = Batal
pmi-yes = Ya
pmi-no = Tidak

pmi-no-shows-title = Tandai yang tidak hadir
pmi-no-shows-question = Masih ada { $count } pendaftar berstatus "Terdaftar". Tandai semuanya "Tidak hadir"?
pmi-no-shows-reversible = Penandaan ini dapat dibatalkan untuk tiap orang melalui halaman pendaftarannya.
pmi-no-shows-confirm = Ya, tandai { $count } orang tidak hadir
pmi-no-shows-too-early = Ini baru dapat dilakukan setelah jam kedatangan terakhir kegiatan selesai.
pmi-no-shows-done = { $count } pendaftar ditandai tidak hadir.
pmi-confirm-missing = Silakan konfirmasi dengan tombol di halaman ini.

pmi-card-label = Kartu pendonor
pmi-checkin-title = Kehadiran
pmi-checkin-code = Kode konfirmasi
pmi-checkin-code-hint = 8 huruf/angka, misalnya ABCD-EFGH, atau pindai kode QR pendonor.
pmi-checkin-find = Cari
pmi-checkin-questions = Pertanyaan hari ini
pmi-checkin-confirm = Catat kehadiran
pmi-open-registration = Buka halaman pendaftaran
pmi-q-fever = Demam dalam 7 hari terakhir?
pmi-q-medication = Minum obat (aspirin, antibiotik) dalam 3 hari terakhir?
pmi-q-sleep = Tidur kurang dari 4 jam tadi malam?
pmi-answer-required = Jawab ya atau tidak.
pmi-code-unknown = Kode { $code } tidak ditemukan pada kegiatan ini.
pmi-already-checked-in = Sudah hadir: dicatat oleh { $name } pukul { $time }.
pmi-already-checked-in-at = Sudah hadir sejak pukul { $time }.
pmi-already-done = Sudah tercatat: { $status }.
pmi-not-allowed = Tidak dapat dilakukan untuk status "{ $status }".
pmi-needs-screening = Catat terlebih dahulu hasil pemeriksaan dengan keputusan "Layak donor".
pmi-has-donation = Pengambilan darah sudah tercatat; penundaan tidak dapat dibatalkan.
pmi-stale = Data pendaftaran ini baru saja berubah (mungkin tombol tertekan dua kali). Silakan periksa kembali halaman ini.
pmi-action-unknown = Pilih tindakan dari halaman ini.

pmi-registration-title = Pendaftaran
pmi-confirm-action = Lanjutkan tindakan "{ $action }"?
pmi-action-undo-check-in = Batalkan kehadiran
pmi-action-no-show = Tandai tidak hadir
pmi-action-undo-no-show = Batalkan status "tidak hadir"
pmi-action-undo-deferral = Batalkan penundaan
pmi-done-checked-in = Pendonor tercatat hadir.
pmi-done-screened = Hasil pemeriksaan tersimpan.
pmi-done-donated = Data pengambilan darah tersimpan.
pmi-done-undo-check-in = Kehadiran dibatalkan.
pmi-done-no-show = Ditandai tidak hadir.
pmi-done-undo-no-show = Status "tidak hadir" dibatalkan.
pmi-done-undo-deferral = Penundaan dibatalkan; pendonor kembali berstatus hadir.

pmi-screening-title = Pemeriksaan
pmi-weight = Berat badan
pmi-hb = Kadar hemoglobin (Hb)
pmi-systolic = Tekanan darah sistolik
pmi-diastolic = Tekanan darah diastolik
pmi-pulse = Denyut nadi
pmi-temperature = Suhu tubuh
pmi-screening-suggest = Lihat saran
pmi-screening-save = Simpan pemeriksaan
pmi-suggestion = Saran sistem
pmi-decision = Keputusan petugas
pmi-decision-accept = Layak donor
pmi-decision-defer = Ditunda
pmi-deferral-reason = Alasan penundaan
pmi-deferred-until = Ditunda sampai
pmi-override-reason = Alasan keputusan berbeda dari saran
pmi-override-hint = Wajib diisi bila keputusan berbeda dari saran sistem.
pmi-override-reason-required = Tuliskan alasan keputusan berbeda dari saran sistem.
pmi-deferred-until-invalid = Tanggal harus setelah hari kegiatan (format TTTT-BB-HH).
pmi-required = Wajib diisi.
pmi-not-a-number = Isi dengan angka, misalnya 12,5.
pmi-not-a-whole-number = Isi dengan bilangan bulat, misalnya 120.
pmi-too-long = Terlalu panjang.
pmi-screening-not-checked-in = Pendonor belum tercatat hadir (status "{ $status }"). Catat kehadirannya terlebih dahulu.
pmi-screening-not-now = Pemeriksaan tidak dapat dicatat untuk status "{ $status }".
pmi-screenings = Hasil pemeriksaan
pmi-overridden = Berbeda dari saran ({ $suggested })
pmi-recorded-by = Dicatat oleh { $name }

pmi-donation-title = Pengambilan darah
pmi-bag-number = Nomor kantong
pmi-bag-invalid = Isi nomor kantong: huruf, angka, dan tanda hubung (paling banyak 40 karakter).
pmi-bag-taken = Nomor kantong ini sudah dipakai pada kegiatan ini.
pmi-volume = Volume kantong
pmi-volume-invalid = Pilih 350 atau 450 mL.
pmi-outcome = Hasil
pmi-outcome-label = { $outcome ->
    [complete] Lengkap
   *[incomplete] Tidak lengkap
}
pmi-outcome-complete = Lengkap
pmi-outcome-incomplete = Tidak lengkap
pmi-reaction = Reaksi pendonor
pmi-reaction-label = { $reaction ->
    [mild] Ringan
    [severe] Berat
   *[none] Tidak ada
}
pmi-reaction-none = Tidak ada
pmi-reaction-mild = Ringan
pmi-reaction-severe = Berat
pmi-notes = Catatan
pmi-donation-save = Simpan data pengambilan darah

pmi-history = Riwayat
pmi-actor-staff = Petugas
pmi-actor-donor = Pendonor
pmi-actor-api = API
pmi-actor-system = Sistem
pmi-history-registration-create = Mendaftar
pmi-history-registration-cancel = Membatalkan pendaftaran
pmi-history-registration-reschedule = Pindah jam kedatangan
pmi-history-registration-promote = Naik dari daftar tunggu
pmi-history-registration-check-in = Tercatat hadir
pmi-history-registration-undo-check-in = Kehadiran dibatalkan
pmi-history-registration-no-show = Tidak hadir
pmi-history-registration-undo-no-show = "Tidak hadir" dibatalkan
pmi-history-registration-undo-deferral = Penundaan dibatalkan
pmi-history-registration-walk-in = Pendonor datang langsung
pmi-history-screening-record = Pemeriksaan
pmi-history-donation-record = Pengambilan darah

pmi-walk-in-title = Pendonor datang langsung
pmi-walk-in-save = Daftarkan dan catat hadir
pmi-walk-in-duplicate = Orang ini sudah terdaftar pada kegiatan ini; cari namanya di daftar hadir.
pmi-phone-optional = Nomor HP/WhatsApp (tidak wajib)
pmi-phone-invalid = Nomor HP tidak valid. Contoh: 0812 3456 7890.
pmi-weight-invalid = Isi berat badan dalam kg, misalnya 62.
pmi-slot-full = Jam ini sudah penuh. Pilih jam lain, atau centang "melebihi kapasitas" dan isi alasannya.
pmi-over-capacity-check = Tambahkan melebihi kapasitas jam ini
pmi-over-capacity-reason = Alasan (wajib bila melebihi kapasitas)
pmi-over-capacity-reason-required = Tuliskan alasan menambahkan pendonor ini melebihi kapasitas.
pmi-over-capacity-reason-shown = Alasan melebihi kapasitas
pmi-erased-text = (dihapus bersama data pribadi pendonor)
pmi-done-walk-in = Pendonor yang datang langsung sudah didaftarkan dan dicatat hadir.
pmi-new-link-title = Tautan baru untuk pendonor
pmi-new-link-lead = Untuk pendonor yang kehilangan tautan pribadinya. Tautan lama tidak berlaku lagi; pendonor memindai kode QR dengan HP-nya sendiri.
pmi-new-link-button = Buat tautan baru
pmi-new-link-done = Tautan baru dibuat. Minta pendonor memindai kode QR ini dengan HP-nya sendiri.
pmi-new-link-qr = Kode QR tautan pribadi pendonor
pmi-new-link-hint = Jangan memotret atau mengirim tautan ini dari HP petugas: tautan ini membuka data pribadi pendonor.
pmi-walk-in-lookup = Cari di daftar pegawai
pmi-walk-in-listed = Ditemukan di daftar pegawai: nama dan unit sudah diisi. Periksa bersama pendonor.
pmi-walk-in-not-listed = NIP/NIK ini tidak ada di daftar pegawai unit yang diundang. Isi nama dan unit sesuai kartu identitas.

# Tested blood group (screening)
pmi-tested-group = Golongan darah (hasil periksa PMI)
pmi-tested-group-none = — belum diperiksa —
pmi-tested-group-declared = Menurut data pendonor: { $group }. Hasil PMI menggantikannya.
pmi-tested-group-invalid = Pilih golongan darah dengan rhesus (mis. O+), atau kosongkan bila belum diperiksa.
