# Pesan dari lapisan domain (src/domain). Kunci dan variabel harus sama
# dengan en/domain.ftl; uji di src/domain/messages.rs memeriksanya.
# Variabel tanggal (eligible_from, date, dan expected/entered pada
# identity-mismatch-birth-date) dikirim dalam format ISO YYYY-MM-DD;
# angka dikirim dengan titik desimal.

## Identitas: NIP dan NIK

identity-nip-empty = NIP belum diisi.
identity-nik-empty = NIK belum diisi.
identity-nip-non-digit = NIP hanya boleh berisi angka, sedangkan isian memuat karakter “{ $character }”.
identity-nik-non-digit = NIK hanya boleh berisi angka, sedangkan isian memuat karakter “{ $character }”.
identity-nip-length = NIP terdiri atas { $expected } digit, sedangkan yang diisi { $got } digit.
identity-nik-length = NIK terdiri atas { $expected } digit, sedangkan yang diisi { $got } digit.
identity-nip-birth-date-impossible = Tanggal lahir pada NIP ({ $value }) bukan tanggal yang valid. Periksa kembali delapan digit pertama NIP Anda.
identity-nik-birth-date-impossible = Tanggal lahir pada NIK ({ $value }) bukan tanggal yang valid. Periksa kembali digit ke-7 sampai ke-12 NIK Anda.
identity-nip-birth-date-out-of-range = Tanggal lahir pada NIP ({ $date }) tidak mungkin benar: tanggal lahir harus pada tahun { $earliest_year } atau sesudahnya dan tidak melewati hari ini.
identity-nip-appointment-impossible = Tahun dan bulan pengangkatan (TMT) pada NIP ({ $value }) tidak valid. Periksa kembali digit ke-9 sampai ke-14 NIP Anda.
identity-nip-appointment-too-early = Tahun pengangkatan pada NIP ({ $appointed_year }) terlalu dekat dengan tahun lahir ({ $birth_year }); paling awal tahun { $earliest_year }. Periksa kembali NIP Anda.
identity-nip-sex-digit = Digit ke-15 NIP menunjukkan jenis kelamin dan harus 1 (laki-laki) atau 2 (perempuan), bukan { $digit }.
identity-nik-province = Kode provinsi { $code } pada dua digit pertama NIK tidak ada. Periksa kembali NIK Anda.
identity-nik-region = Kode wilayah { $code } pada enam digit pertama NIK tidak valid. Periksa kembali NIK Anda.
identity-nik-zero-serial = Empat digit terakhir NIK tidak mungkin 0000. Periksa kembali NIK Anda.
identity-sex-unknown = Jenis kelamin “{ $value }” tidak dikenal. Pilih laki-laki atau perempuan.
identity-sex-male = Laki-laki
identity-sex-female = Perempuan
identity-mismatch-birth-date = Tanggal lahir yang diisi ({ $entered }) tidak sesuai dengan tanggal lahir pada NIP/NIK Anda ({ $expected }).
identity-mismatch-sex = Jenis kelamin yang diisi tidak sesuai dengan NIP/NIK Anda, yang mencatat jenis kelamin { $expected ->
        [male] laki-laki
       *[female] perempuan
    }.

## Hasil pemeriksaan kelayakan donor

eligibility-verdict-eligible = Memenuhi syarat
eligibility-verdict-deferred = Ditunda
eligibility-verdict-ineligible = Tidak memenuhi syarat
eligibility-bag-volume-unknown = Kantong darah { $value } mL tidak tersedia; pilih 350 mL atau 450 mL.

## Aturan kelayakan: alasan

rule-age-too-young = Usia minimal pendonor adalah { $min_age } tahun. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-age-too-old-first-time = Usia maksimal pendonor baru (yang pertama kali donor) adalah { $max_age } tahun pada hari kegiatan.
rule-age-too-old-repeat = Usia maksimal pendonor ulang adalah { $max_age } tahun pada hari kegiatan.
rule-weight = Berat badan minimal untuk kantong { $bag_ml } mL adalah { $min_weight } kg.
rule-donation-interval = Jarak dari donor darah terakhir minimal { $days } hari. Anda dapat mendonorkan darah kembali mulai { $eligible_from }.
rule-tattoo-piercing = Setelah membuat tato, tindik, atau menjalani akupunktur, donor darah ditunda { $months } bulan. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-minor-surgery = Setelah operasi kecil, donor darah ditunda { $months } bulan. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-major-surgery = Setelah operasi besar, donor darah ditunda { $months } bulan. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-tooth-extraction = Setelah cabut gigi, donor darah ditunda { $days } hari. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-transfusion = Setelah menerima transfusi darah, donor darah ditunda { $months } bulan. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-delivery = Setelah melahirkan, donor darah ditunda { $months } bulan. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-breastfeeding = Selama masa menyusui, donor darah ditunda demi kesehatan ibu dan bayi.
rule-pregnant = Selama masa kehamilan, donor darah ditunda demi kesehatan ibu dan janin.
rule-malaria = Setelah sembuh dari malaria, donor darah ditunda { $years } tahun. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-live-vaccine = Setelah menerima vaksin hidup, donor darah ditunda { $days } hari. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-rabies-treatment = Setelah pengobatan atau vaksinasi rabies (misalnya karena gigitan hewan), donor darah ditunda { $months } bulan. Anda dapat mendonorkan darah mulai { $eligible_from }.
rule-permanent-condition = Dengan kondisi kesehatan yang Anda sampaikan, Anda tidak dapat mendonorkan darah. Terima kasih atas niat baik Anda; bila ragu, silakan berkonsultasi dengan petugas PMI.
rule-fever = Anda menyatakan pernah demam dalam 7 hari terakhir. Pada hari donor Anda harus dalam keadaan sehat; petugas PMI akan menanyakannya kembali.
rule-medication = Anda menyatakan minum obat (misalnya aspirin atau antibiotik) dalam 3 hari terakhir. Sampaikan hal ini kepada petugas PMI saat pemeriksaan.
rule-sleep = Anda menyatakan tidur kurang dari 4 jam. Usahakan tidur cukup pada malam sebelum donor; petugas PMI akan menanyakannya kembali.
rule-date-out-of-range = Tanggal { $date } tidak dapat diproses. Periksa kembali tanggal yang Anda isi.

## Aturan kelayakan: judul

rule-age-title = Usia
rule-weight-title = Berat badan
rule-donation-interval-title = Jarak dari donor terakhir
rule-tattoo-piercing-title = Tato, tindik, atau akupunktur
rule-minor-surgery-title = Operasi kecil
rule-major-surgery-title = Operasi besar
rule-tooth-extraction-title = Cabut gigi
rule-transfusion-title = Menerima transfusi darah
rule-delivery-title = Melahirkan
rule-breastfeeding-title = Menyusui
rule-pregnant-title = Hamil
rule-malaria-title = Malaria
rule-live-vaccine-title = Vaksin hidup
rule-rabies-treatment-title = Pengobatan atau vaksinasi rabies
rule-permanent-condition-title = Penyakit yang tidak memungkinkan donor darah
rule-fever-title = Demam dalam 7 hari terakhir
rule-medication-title = Minum obat dalam 3 hari terakhir
rule-sleep-title = Tidur kurang dari 4 jam

## Pengaturan aturan per kegiatan

overrides-not-object = Pengaturan aturan harus berupa objek JSON berisi pasangan nama dan nilai.
overrides-unknown-key = Pengaturan “{ $key }” tidak dikenal.
overrides-not-number = Nilai “{ $key }” harus berupa angka.
overrides-not-whole-number = Nilai “{ $key }” harus berupa bilangan bulat.
overrides-out-of-range = Nilai “{ $key }” harus antara { $min } dan { $max }.
overrides-inconsistent = Nilai “{ $key }” tidak boleh lebih besar daripada “{ $other }”.
overrides-unreadable = Pengaturan aturan yang tersimpan tidak dapat dibaca.

## Satuan

unit-years = { $value } tahun
unit-months = { $value } bulan
unit-days = { $value } hari
unit-kg = { $value } kg
unit-g-dl = { $value } g/dL
unit-mmhg = { $value } mmHg
unit-per-minute = { $value } kali/menit
unit-celsius = { $value } °C

## Pemeriksaan kesehatan di lokasi (PMI)

screening-weight-low = Berat badan { $value } kg di bawah batas minimal { $limit } kg untuk kantong { $bag_ml } mL.
screening-hb-low = Kadar Hb { $value } g/dL di bawah batas minimal { $limit } g/dL.
screening-hb-high = Kadar Hb { $value } g/dL di atas batas maksimal { $limit } g/dL.
screening-systolic-low = Tekanan darah sistolik { $value } mmHg di bawah batas minimal { $limit } mmHg.
screening-systolic-high = Tekanan darah sistolik { $value } mmHg di atas batas maksimal { $limit } mmHg.
screening-diastolic-low = Tekanan darah diastolik { $value } mmHg di bawah batas minimal { $limit } mmHg.
screening-diastolic-high = Tekanan darah diastolik { $value } mmHg di atas batas maksimal { $limit } mmHg.
screening-pulse-pressure-narrow = Selisih tekanan sistolik dan diastolik { $value } mmHg; selisih ini harus lebih dari { $limit } mmHg.
screening-pulse-low = Denyut nadi { $value } kali/menit di bawah batas minimal { $limit } kali/menit.
screening-pulse-high = Denyut nadi { $value } kali/menit di atas batas maksimal { $limit } kali/menit.
screening-temperature-low = Suhu tubuh { $value } °C di bawah batas minimal { $limit } °C.
screening-temperature-high = Suhu tubuh { $value } °C di atas batas maksimal { $limit } °C.
screening-vitals-weight = Berat badan { $value } kg tidak wajar (seharusnya antara { $min } dan { $max } kg). Periksa kembali isian.
screening-vitals-hb = Kadar Hb { $value } tidak wajar (seharusnya antara { $min } dan { $max } g/dL). Periksa kembali isian, misalnya 12,5 bukan 125.
screening-vitals-systolic = Tekanan sistolik { $value } mmHg tidak wajar (seharusnya antara { $min } dan { $max } mmHg). Periksa kembali isian.
screening-vitals-diastolic = Tekanan diastolik { $value } mmHg tidak wajar (seharusnya antara { $min } dan { $max } mmHg). Periksa kembali isian.
screening-vitals-pulse = Denyut nadi { $value } kali/menit tidak wajar (seharusnya antara { $min } dan { $max }). Periksa kembali isian.
screening-vitals-temperature = Suhu tubuh { $value } °C tidak wajar (seharusnya antara { $min } dan { $max } °C). Periksa kembali isian, misalnya 37,5 bukan 375.
screening-vitals-diastolic-not-below-systolic = Tekanan diastolik ({ $diastolic } mmHg) harus lebih rendah daripada tekanan sistolik ({ $systolic } mmHg). Periksa kembali isian.
screening-reason-low-hb = Hb rendah
screening-reason-high-hb = Hb tinggi
screening-reason-blood-pressure = Tekanan darah
screening-reason-pulse = Denyut nadi
screening-reason-temperature = Suhu tubuh
screening-reason-weight = Berat badan kurang
screening-reason-interval = Jarak donor belum cukup
screening-reason-medication = Minum obat
screening-reason-other = Alasan lain
screening-decision-accept = Layak donor
screening-decision-defer = Ditunda

## Kode konfirmasi

codes-confirmation-empty = Kode konfirmasi belum diisi.
codes-confirmation-length = Kode konfirmasi terdiri atas { $expected } karakter, sedangkan yang diisi { $got } karakter.
codes-confirmation-character = Karakter “{ $character }” tidak terdapat dalam kode konfirmasi. Periksa kembali kode Anda.
codes-random-unavailable = Sistem untuk sementara tidak dapat membuat kode. Silakan coba lagi beberapa saat lagi.

## Perencanaan sesi

slot-plan-end-not-after-start = Jam selesai harus setelah jam mulai.
slot-plan-slot-length-zero = Durasi sesi minimal 1 menit.
slot-plan-slot-too-long = Durasi sesi paling lama { $max } menit, sedangkan yang diisi { $minutes } menit.
slot-plan-window-not-whole = Rentang waktu { $window_minutes } menit tidak habis dibagi menjadi sesi { $slot_minutes } menit (bersisa { $remainder } menit). Sesuaikan jam selesai atau durasi sesi.
slot-plan-no-beds = Jumlah tempat tidur donor minimal 1.
slot-plan-too-many-beds = Jumlah tempat tidur donor paling banyak { $max }, sedangkan yang diisi { $beds }.
slot-plan-rate-out-of-range = Jumlah pendonor per tempat tidur per jam harus lebih dari 0 dan paling banyak { $max }, sedangkan yang diisi { $rate }. PMI biasanya merencanakan 2–3 pendonor.
slot-plan-margin-too-large = Cadangan untuk pendonor yang tidak hadir paling banyak { $max }%, sedangkan yang diisi { $margin }%.
slot-plan-too-many-slots = Pengaturan ini menghasilkan { $count } sesi, sedangkan batasnya { $max } sesi. Perpanjang durasi sesi.

## Isian pendaftaran
input-name-missing = Isi nama lengkap Anda.
input-name-too-long = Nama terlalu panjang: paling banyak { $max } karakter.
input-employee-type-missing = Pilih status kepegawaian Anda.
input-nip-missing = Isi NIP Anda (18 digit).
input-nik-missing = Isi NIK Anda (16 digit, sesuai KTP).
input-date-invalid = Tanggal tidak dapat dibaca. Gunakan format hari-bulan-tahun, misalnya 17-01-1985.
input-sex-missing = Pilih jenis kelamin.
input-birth-date-missing = Isi tanggal lahir Anda.
input-date-in-future = Tanggal ini masih di masa mendatang. Periksa kembali.
input-date-before-birth = Tanggal ini lebih awal daripada tanggal lahir Anda. Periksa kembali.
input-unit-missing = Pilih unit kerja Anda.
input-unit-unknown = Unit kerja ini tidak termasuk dalam daftar unit kegiatan ini. Pilih dari daftar.
input-phone-missing = Isi nomor WhatsApp Anda agar panitia dapat menghubungi Anda.
input-phone-invalid = Nomor WhatsApp tidak valid. Tuliskan seperti contoh 0812 3456 7890 atau +62 812 3456 7890.
input-email-invalid = Alamat email tidak valid. Kosongkan bila tidak ada.
input-blood-group-invalid = Pilih golongan darah A, B, AB, O, atau "belum tahu".
input-rhesus-invalid = Pilih rhesus positif, negatif, atau "belum tahu".
input-weight-missing = Isi berat badan Anda dalam kilogram.
input-weight-out-of-range = Berat badan harus antara { $min } dan { $max } kg. Periksa kembali angkanya.
input-number-invalid = Isi dengan angka, misalnya 55 atau 55,5.
input-donation-count-invalid = Isi jumlah donor sebelumnya dengan angka 0 sampai { $max }.
input-donation-count-contradicts = Anda mengisi tanggal donor terakhir, jadi Anda sudah pernah donor paling sedikit satu kali.
input-answer-missing = Jawab pertanyaan ini dengan "Ya" atau "Tidak".
input-slot-missing = Pilih jam kedatangan, atau masuk daftar tunggu.
input-slot-unknown = Jam kedatangan ini tidak tersedia pada kegiatan ini. Pilih dari daftar.
