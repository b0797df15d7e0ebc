# Bahasa Indonesia — the primary language of blood-drive.

app-name = Donor Darah
nav-skip = Langsung ke isi halaman
nav-label = Navigasi utama
footer-text = Kegiatan donor darah bersama PMI. Data pribadi Anda dilindungi sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi.

index-title = Kegiatan donor darah
index-heading = Setetes darah Anda, harapan bagi sesama
index-lead = Pilih kegiatan donor darah di bawah ini, periksa kelayakan Anda, lalu daftar dan pilih jam kedatangan.
index-none-title = Belum ada kegiatan yang dibuka
index-none-message = Saat ini belum ada kegiatan donor darah yang membuka pendaftaran. Silakan kembali lagi nanti.
index-see-drive = Lihat jadwal

drive-date = Tanggal
drive-venue = Tempat
drive-partner = Bekerja sama dengan
drive-target = Target
drive-target-bags = { $count } kantong
drive-seats-left = Tersisa { $count } tempat
drive-full-waitlist = Penuh — daftar tunggu dibuka
drive-registration-closed = Pendaftaran ditutup
drive-registration-until = Pendaftaran dibuka sampai { $when }.
drive-registration-closed-long = Pendaftaran daring sudah ditutup. Anda masih dapat datang langsung pada hari pelaksanaan; petugas PMI akan melayani sesuai ketersediaan tempat.
drive-slots-heading = Jadwal kedatangan
drive-no-slots = Jadwal kedatangan belum disusun oleh panitia.
drive-before-heading = Sebelum donor darah
drive-before-sleep = Tidur cukup, sedikitnya 4 jam, pada malam sebelumnya.
drive-before-eat = Makan 3–4 jam sebelum donor dan minum air putih yang cukup.
drive-before-id = Bawa KTP atau kartu pegawai, serta kartu donor bila ada.

slot-time = Jam
slot-seats-left = Sisa tempat
slot-fill = Keterisian
slot-full = Penuh
slot-closed = Ditutup

setup-title = Buat akun panitia pertama
setup-lead = Belum ada akun petugas. Akun yang Anda buat di sini akan menjadi akun panitia (organizer) pertama, yang kemudian dapat menambahkan akun lain.
setup-display-name = Nama lengkap
setup-display-name-invalid = Isi nama lengkap Anda (paling banyak 120 karakter).
setup-username = Nama pengguna
setup-username-hint = Huruf kecil, angka, titik, garis bawah, atau tanda hubung; 2–40 karakter.
setup-username-invalid = Nama pengguna hanya boleh berisi huruf kecil, angka, titik, garis bawah, atau tanda hubung (2–40 karakter).
setup-password = Kata sandi
setup-password-hint = Paling sedikit { $min } karakter. Kalimat panjang yang mudah Anda ingat lebih aman daripada kata pendek yang rumit.
setup-password-confirm = Ulangi kata sandi
setup-password-mismatch = Kedua kata sandi tidak sama.
setup-submit = Buat akun
setup-done-title = Akun berhasil dibuat
setup-done-message = Akun panitia "{ $username }" berhasil dibuat. Tautan ini tidak dapat dipakai lagi.
setup-go-login = Masuk
setup-unusable-title = Tautan tidak berlaku
setup-unusable-message = Tautan ini sudah dipakai, sudah kedaluwarsa, atau akun petugas sudah ada. Bila belum ada akun sama sekali, jalankan ulang aplikasi untuk mendapatkan tautan baru.

password-too-short = Kata sandi terlalu pendek: paling sedikit { $min } karakter.
password-too-long = Kata sandi terlalu panjang: paling banyak 256 karakter.
password-is-username = Kata sandi tidak boleh sama dengan nama pengguna.

error-home = Kembali ke beranda
error-bad-request-title = Permintaan tidak dapat diproses
error-bad-request-message = Data yang dikirim tidak lengkap atau tidak sesuai. Periksa kembali isian Anda, lalu coba lagi.
error-unauthorized-title = Silakan masuk terlebih dahulu
error-unauthorized-message = Halaman ini hanya untuk petugas. Masuk dengan akun Anda untuk melanjutkan.
error-forbidden-title = Akses ditolak
error-forbidden-message = Anda tidak memiliki izin untuk membuka halaman ini.
error-csrf-title = Formulir kedaluwarsa
error-csrf-message = Formulir ini sudah terlalu lama terbuka atau dikirim dari tempat lain. Muat ulang halaman, lalu kirim sekali lagi.
error-not-found-title = Halaman tidak ditemukan
error-not-found-message = Alamat yang Anda buka tidak ada atau sudah tidak berlaku. Periksa kembali tautannya.
error-method-not-allowed-title = Cara permintaan tidak didukung
error-method-not-allowed-message = Alamat ini ada, tetapi tidak dapat dibuka dengan cara tersebut. Kembali ke halaman sebelumnya dan gunakan tombol atau tautan di sana.
error-conflict-title = Data sudah berubah
error-conflict-message = Data ini baru saja diubah oleh orang lain. Muat ulang halaman, lalu coba lagi.
error-too-large-title = Data terlalu besar
error-too-large-message = Berkas atau isian yang dikirim melebihi batas ukuran.
error-too-many-title = Terlalu banyak percobaan
error-too-many-message = Silakan tunggu beberapa menit sebelum mencoba lagi.
error-unavailable-title = Layanan sedang terganggu
error-unavailable-message = Basis data untuk sementara tidak dapat dihubungi. Data Anda aman; silakan coba lagi beberapa saat lagi.
error-internal-title = Terjadi kesalahan
error-internal-message = Maaf, terjadi kesalahan di sisi kami. Kesalahan ini sudah dicatat; silakan coba lagi.
