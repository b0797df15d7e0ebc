# Halaman pribadi pendonor.

donor-title = Pendaftaran donor Anda
donor-new-title = Terima kasih, { $name }! Pendaftaran Anda sudah tercatat.
donor-new-keep-link = Simpan alamat halaman ini (misalnya tandai di peramban atau kirim ke WhatsApp Anda sendiri). Hanya lewat tautan ini Anda dapat melihat, mengubah jadwal, atau membatalkan pendaftaran.
donor-moved = Jam kedatangan Anda sudah diubah.
donor-cancelled-now = Pendaftaran Anda sudah dibatalkan. Terima kasih sudah memberi tahu; tempat Anda kini dapat dipakai orang lain.
donor-code = Kode konfirmasi
donor-qr-label = Kode QR untuk petugas PMI
donor-show-code = Tunjukkan kode atau QR ini kepada petugas PMI saat datang.
donor-arrival = Jam kedatangan
donor-waitlist-position = Urutan daftar tunggu
donor-waitlist-explain = Semua jam sedang penuh. Bila ada yang membatalkan, Anda otomatis mendapat jam kedatangan dan halaman ini akan menampilkannya.
donor-add-calendar = Simpan ke kalender
donor-before-unwell = Bila Anda sakit atau demam menjelang hari donor, batalkan pendaftaran agar orang lain dapat menggantikan.
donor-reschedule-heading = Ganti jam kedatangan
donor-no-other-slots = Tidak ada jam lain yang masih tersedia.
donor-reschedule-submit = Pindah ke jam ini
donor-cancel-heading = Batalkan pendaftaran
donor-cancel-lead = Tidak jadi datang? Batalkan agar tempat Anda dapat diberikan kepada orang di daftar tunggu.
donor-cancel-button = Batalkan pendaftaran…
donor-cancel-confirm-title = Batalkan pendaftaran ini?
donor-cancel-confirm-text = Tempat Anda akan diberikan kepada orang berikutnya di daftar tunggu. Pembatalan tidak dapat diurungkan, tetapi Anda dapat mendaftar lagi selama pendaftaran masih dibuka.
donor-keep = Tidak, tetap terdaftar
donor-cancel-confirm-button = Ya, batalkan
donor-cannot-change = Pendaftaran ini tidak dapat diubah lagi.
donor-changes-closed = Pendaftaran sudah ditutup, jadi jadwal tidak dapat diubah di sini lagi. Hubungi panitia bila ada perubahan.
donor-choose-slot = Pilih salah satu jam kedatangan yang tersedia.
donor-slot-full = Jam itu baru saja penuh. Jam kedatangan Anda tidak berubah; silakan pilih jam lain.
donor-ics-description = Kode konfirmasi: { $code }. Tunjukkan kode ini kepada petugas PMI. Ubah atau batalkan: { $url }

status-booked = Terdaftar
status-waitlisted = Daftar tunggu
status-cancelled = Dibatalkan
status-checked-in = Sudah hadir
status-donated = Sudah donor
status-deferred = Ditunda
status-no-show = Tidak hadir
