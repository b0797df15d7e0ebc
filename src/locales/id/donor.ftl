# Halaman pribadi pendonor.

donor-title = Pendaftaran donor Anda
donor-new-title = Terima kasih, { $name }! Pendaftaran Anda sudah tercatat.
donor-new-keep-link = Simpan alamat halaman ini (misalnya dengan menandainya sebagai bookmark di peramban atau mengirimkannya ke WhatsApp Anda sendiri). Hanya melalui tautan ini Anda dapat melihat, mengubah jam kedatangan, atau membatalkan pendaftaran.
donor-moved = Jam kedatangan Anda sudah diubah.
donor-cancelled-now = Pendaftaran Anda sudah dibatalkan. Terima kasih sudah memberi tahu; tempat Anda kini dapat diberikan kepada orang lain.
donor-code = Kode konfirmasi
donor-qr-label = Kode QR untuk petugas PMI
donor-show-code = Tunjukkan kode atau kode QR ini kepada petugas PMI saat Anda datang.
donor-arrival = Jam kedatangan
donor-waitlist-position = Urutan daftar tunggu
donor-waitlist-explain = Semua jam sedang penuh. Bila ada yang membatalkan, Anda otomatis mendapat jam kedatangan dan halaman ini akan menampilkannya.
donor-add-calendar = Tambahkan ke kalender
donor-before-unwell = Bila Anda sakit atau demam menjelang hari pelaksanaan, batalkan pendaftaran agar orang lain dapat menggantikan Anda.
donor-reschedule-heading = Ubah jam kedatangan
donor-no-other-slots = Tidak ada jam kedatangan lain yang masih tersedia.
donor-reschedule-submit = Pindah ke jam ini
donor-cancel-heading = Batalkan pendaftaran
donor-cancel-lead = Tidak dapat datang? Batalkan pendaftaran agar tempat Anda dapat diberikan kepada orang di daftar tunggu.
donor-cancel-button = Batalkan pendaftaran…
donor-cancel-confirm-title = Batalkan pendaftaran ini?
donor-cancel-confirm-text = Tempat Anda akan diberikan kepada orang berikutnya di daftar tunggu. Pembatalan tidak dapat diurungkan, tetapi Anda dapat mendaftar lagi selama pendaftaran masih dibuka.
donor-keep = Tidak, tetap terdaftar
donor-cancel-confirm-button = Ya, batalkan
donor-cannot-change = Pendaftaran ini tidak dapat diubah lagi.
donor-changes-closed = Pendaftaran sudah ditutup sehingga jam kedatangan tidak dapat lagi diubah di sini. Hubungi panitia bila ada perubahan.
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
