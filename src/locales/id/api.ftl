# Pesan JSON API (src/web/api). Kuncinya harus sama dengan en/api.ftl.

api-error-not-found = Tidak ada data di alamat ini. Periksa slug kegiatan.
api-error-method-not-allowed = Alamat ini tidak menerima cara permintaan tersebut. Lihat header Allow untuk cara yang diterima.
api-error-bad-request = Permintaan tidak dapat dibaca.
api-error-unreadable-json = Isi permintaan bukan JSON yang sah atau bentuknya tidak sesuai (baris { $line }, kolom { $column }).
api-error-unsupported-media-type = Kirim isi permintaan sebagai JSON, dengan header Content-Type: application/json.
api-error-payload-too-large = Isi permintaan terlalu besar.
api-error-unauthorized = Masuk terlebih dahulu atau gunakan token API.
api-error-forbidden = Anda tidak memiliki izin untuk melakukan ini.
api-error-conflict = Permintaan ini tidak sesuai dengan data terkini. Muat ulang, lalu coba lagi.
api-error-too-many-requests = Terlalu banyak permintaan. Tunggu sebentar, lalu coba lagi.
api-error-duplicate = Orang ini sudah terdaftar pada kegiatan ini. Gunakan tautan pada konfirmasi pendaftaran untuk melihat, mengubah jam kedatangan, atau membatalkan pendaftaran.
api-error-slot-full = Jam kedatangan ini sudah penuh. Pilih jam lain atau masuk daftar tunggu.
api-error-slot-closed = Jam kedatangan ini sudah ditutup. Pilih jam lain atau masuk daftar tunggu.
api-error-registration-closed = Pendaftaran untuk kegiatan ini sudah ditutup.
api-error-not-eligible = Menurut pemeriksaan mandiri, orang ini belum dapat mendonorkan darah pada hari kegiatan. Daftar alasan menjelaskan sebabnya dan mulai kapan ia dapat mendonorkan darah.
api-error-unavailable = Layanan untuk sementara tidak tersedia. Silakan coba lagi beberapa saat lagi.
api-error-internal = Terjadi kesalahan di pihak kami. Silakan coba lagi nanti.
api-error-not-on-staff-list = NIP/NIK ini tidak ada di daftar pegawai unit yang diundang ke kegiatan ini. Hubungi narahubung kegiatan.
api-error-waitlist-full = Daftar tunggu kegiatan ini sudah penuh.
