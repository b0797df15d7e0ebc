# WhatsApp tanpa gateway: tautan pribadi pendonor, pengingat H-3/H-1 dari panitia.

reach-share-heading = Simpan tautan pribadi Anda
reach-share-lead = Hanya dengan tautan ini Anda dapat melihat pendaftaran, mengubah jam kedatangan, atau membatalkan. Kirimkan ke WhatsApp Anda sendiri agar tidak hilang.
reach-share-link-label = Tautan pribadi Anda
reach-share-whatsapp = Kirim ke WhatsApp saya
reach-share-hint-own = WhatsApp terbuka dengan pesan siap kirim ke nomor Anda yang berakhiran { $last4 }; tekan kirim.
reach-share-hint-pick = WhatsApp terbuka dengan pesan siap kirim; pilih chat Anda sendiri lalu tekan kirim.

reach-share-line-drive = Donor darah: { $title }
reach-share-line-arrival = Jam kedatangan: { $when }
reach-share-line-date = Tanggal: { $date }
reach-share-line-waitlisted = Saya masih di daftar tunggu; halaman saya menunjukkan jam kedatangan bila ada tempat kosong.
reach-share-line-pending = Pendaftaran saya menunggu persetujuan panitia.
reach-share-line-venue = Tempat: { $venue }
reach-share-line-code = Kode konfirmasi: { $code }
reach-share-line-link = Halaman pendaftaran saya (lihat, ubah, atau batalkan): { $link }

reach-ics-alarm-day = Besok donor darah: { $title }, { $time } di { $venue }. Tidur cukup malam ini dan bawa KTP.
reach-ics-alarm-hours = Dua jam lagi donor darah: { $title } di { $venue }. Makan dan minum air putih sekarang. Kode: { $code }

org-reminders-link = Pengingat WhatsApp
org-reminders-title = Pengingat WhatsApp
org-reminders-lead = Setiap tombol membuka WhatsApp di perangkat Anda dengan pesan siap kirim: satu pesan pribadi ke nomor yang diisi setiap orang saat mendaftar, dan satu pesan untuk grup WhatsApp setiap unit. Tidak ada yang terkirim otomatis.
org-reminders-day-legend = Pengingat untuk
org-reminders-day-3 = H-3 · { $date }
org-reminders-day-1 = H-1 · { $date }
org-reminders-day-bad = Pilih H-3 atau H-1. Ditampilkan pengingat berikutnya.
org-reminders-summary = Terdaftar: { $booked } · daftar tunggu: { $waitlisted } · tanpa nomor HP: { $without }
org-reminders-none = Belum ada yang terdaftar atau di daftar tunggu.
org-reminders-no-unit = Tanpa unit
org-reminders-people = Orang yang diingatkan di { $unit }
org-reminders-col-name = Nama
org-reminders-col-time = Jam kedatangan
org-reminders-col-send = Pesan pribadi
org-reminders-waitlisted = Daftar tunggu
org-reminders-send = Kirim ke { $name }
org-reminders-no-phone = Tanpa nomor HP
org-reminders-group-label = Pesan untuk grup WhatsApp { $unit }
org-reminders-group-send = Kirim ke grup { $unit }
org-reminders-group-hint = Pesan grup hanya menyebut jam dan jumlah orang, tanpa nama: siapa yang mendaftar donor darah cukup diketahui panitia.

reach-remind-hello = Halo { $name },
reach-remind-when-3 = pengingat dari panitia: { $title } tinggal tiga hari lagi, { $date }.
reach-remind-when-1 = pengingat dari panitia: { $title } besok, { $date }.
reach-remind-arrival = Jam kedatangan Anda: { $time }
reach-remind-waitlisted = Anda masih di daftar tunggu. Bila ada tempat kosong, halaman pendaftaran Anda langsung menunjukkan jam kedatangan.
reach-remind-venue = Tempat: { $venue }
reach-remind-code = Kode konfirmasi: { $code } (tunjukkan kepada petugas PMI)
reach-remind-prepare = Sebelum datang: tidur cukup (sedikitnya 4 jam), makan 3–4 jam sebelum donor, minum air putih yang cukup, dan bawa KTP atau kartu pegawai.
reach-remind-change = Bila berhalangan atau sedang sakit, ubah atau batalkan lewat tautan pribadi yang Anda terima saat mendaftar.
reach-remind-thanks = Terima kasih!

reach-group-hello = Rekan-rekan { $unit },
reach-group-when-3 = { $title } tinggal tiga hari lagi, { $date }, di { $venue }.
reach-group-when-1 = { $title } besok, { $date }, di { $venue }.
reach-group-booked = Dari unit kita sudah terdaftar { $count } orang:
reach-group-slot = • { $time }: { $count } orang
reach-group-waitlisted = • daftar tunggu: { $count } orang
reach-group-personal = Jam kedatangan dan kode konfirmasi masing-masing ada di tautan pribadi yang diterima saat mendaftar.
