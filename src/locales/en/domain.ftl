# Messages of the domain layer (src/domain). Keys and variables must match
# id/domain.ftl; a test in src/domain/messages.rs checks that.
# Date variables (eligible_from, date, and expected/entered of
# identity-mismatch-birth-date) arrive as ISO YYYY-MM-DD; numbers use a
# decimal point.

## Identity: NIP and NIK

identity-nip-empty = Please enter your NIP.
identity-nik-empty = Please enter your NIK.
identity-nip-non-digit = A NIP contains only digits, but this one contains “{ $character }”.
identity-nik-non-digit = A NIK contains only digits, but this one contains “{ $character }”.
identity-nip-length = A NIP has { $expected } digits; you entered { $got }.
identity-nik-length = A NIK has { $expected } digits; you entered { $got }.
identity-nip-birth-date-impossible = The birth date in this NIP ({ $value }) is not a valid date. Please check the first eight digits.
identity-nik-birth-date-impossible = The birth date in this NIK ({ $value }) is not a valid date. Please check digits 7 to 12.
identity-nip-birth-date-out-of-range = The birth date in this NIP ({ $date }) cannot be right: it must be in { $earliest_year } or later and not after today.
identity-nip-appointment-impossible = The appointment year and month (TMT) in this NIP ({ $value }) are not valid. Please check digits 9 to 14.
identity-nip-appointment-too-early = The appointment year in this NIP ({ $appointed_year }) is too close to the birth year ({ $birth_year }); the earliest possible is { $earliest_year }. Please check your NIP.
identity-nip-sex-digit = Digit 15 of a NIP gives the sex and must be 1 (male) or 2 (female), not { $digit }.
identity-nik-province = The province code { $code } in the first two digits of this NIK does not exist. Please check your NIK.
identity-nik-region = The region code { $code } in the first six digits of this NIK is not valid. Please check your NIK.
identity-nik-zero-serial = The last four digits of a NIK cannot be 0000. Please check your NIK.
identity-sex-unknown = Unknown sex “{ $value }”. Please choose male or female.
identity-sex-male = Male
identity-sex-female = Female
identity-mismatch-birth-date = The birth date you entered ({ $entered }) does not match the one in your NIP/NIK ({ $expected }).
identity-mismatch-sex = The sex you entered does not match your NIP/NIK, which records { $expected ->
        [male] male
       *[female] female
    }.

## Eligibility verdicts

eligibility-verdict-eligible = Eligible
eligibility-verdict-deferred = Deferred
eligibility-verdict-ineligible = Not eligible
eligibility-bag-volume-unknown = There is no { $value } mL bag; choose 350 mL or 450 mL.

## Eligibility rules: reasons

rule-age-too-young = Donors must be at least { $min_age } years old. You can donate from { $eligible_from }.
rule-age-too-old-first-time = First-time donors can be at most { $max_age } years old on the day of the drive.
rule-age-too-old-repeat = Repeat donors can be at most { $max_age } years old on the day of the drive.
rule-weight = The minimum weight for a { $bag_ml } mL bag is { $min_weight } kg.
rule-donation-interval = At least { $days } days must pass after your last donation. You can donate again from { $eligible_from }.
rule-tattoo-piercing = After a tattoo, piercing or acupuncture, donation is deferred for { $months } months. You can donate from { $eligible_from }.
rule-minor-surgery = After minor surgery, donation is deferred for { $months } months. You can donate from { $eligible_from }.
rule-major-surgery = After major surgery, donation is deferred for { $months } months. You can donate from { $eligible_from }.
rule-tooth-extraction = After a tooth extraction, donation is deferred for { $days } days. You can donate from { $eligible_from }.
rule-transfusion = After receiving a blood transfusion, donation is deferred for { $months } months. You can donate from { $eligible_from }.
rule-delivery = After giving birth, donation is deferred for { $months } months. You can donate from { $eligible_from }.
rule-breastfeeding = While breastfeeding, donation is deferred for the health of mother and baby.
rule-pregnant = During pregnancy, donation is deferred for the health of mother and baby.
rule-malaria = After recovering from malaria, donation is deferred for { $years } years. You can donate from { $eligible_from }.
rule-live-vaccine = After a live vaccine, donation is deferred for { $days } days. You can donate from { $eligible_from }.
rule-rabies-treatment = After rabies treatment or vaccination (for example after an animal bite), donation is deferred for { $months } months. You can donate from { $eligible_from }.
rule-permanent-condition = With the health condition you reported, you cannot donate blood. Thank you for your willingness; if in doubt, please ask the PMI staff.
rule-fever = You reported a fever in the last 7 days. You must be well on the day you donate; the PMI staff will ask again.
rule-medication = You reported taking medicine (for example aspirin or antibiotics) in the last 3 days. Please tell the PMI staff at the check-up.
rule-sleep = You reported sleeping less than 4 hours. Please get enough sleep the night before you donate; the PMI staff will ask again.
rule-date-out-of-range = The date { $date } cannot be processed. Please check the date you entered.

## Eligibility rules: titles

rule-age-title = Age
rule-weight-title = Body weight
rule-donation-interval-title = Time since last donation
rule-tattoo-piercing-title = Tattoo, piercing or acupuncture
rule-minor-surgery-title = Minor surgery
rule-major-surgery-title = Major surgery
rule-tooth-extraction-title = Tooth extraction
rule-transfusion-title = Received a blood transfusion
rule-delivery-title = Gave birth
rule-breastfeeding-title = Breastfeeding
rule-pregnant-title = Pregnant
rule-malaria-title = Malaria
rule-live-vaccine-title = Live vaccine
rule-rabies-treatment-title = Rabies treatment or vaccination
rule-permanent-condition-title = Conditions that rule out donation
rule-fever-title = Fever in the last 7 days
rule-medication-title = Medicine in the last 3 days
rule-sleep-title = Slept less than 4 hours

## Per-drive rule overrides

overrides-not-object = Rule overrides must be a JSON object of names and values.
overrides-unknown-key = Unknown setting “{ $key }”.
overrides-not-number = “{ $key }” must be a number.
overrides-not-whole-number = “{ $key }” must be a whole number.
overrides-out-of-range = “{ $key }” must be between { $min } and { $max }.
overrides-inconsistent = “{ $key }” must not be greater than “{ $other }”.
overrides-unreadable = The stored rule settings cannot be read.

## Units

unit-years = { $value } years
unit-months = { $value } months
unit-days = { $value } days
unit-kg = { $value } kg
unit-g-dl = { $value } g/dL
unit-mmhg = { $value } mmHg
unit-per-minute = { $value } /min
unit-celsius = { $value } °C

## On-site screening (PMI)

screening-weight-low = Weight { $value } kg is below the minimum of { $limit } kg for a { $bag_ml } mL bag.
screening-hb-low = Hb { $value } g/dL is below the minimum of { $limit } g/dL.
screening-hb-high = Hb { $value } g/dL is above the maximum of { $limit } g/dL.
screening-systolic-low = Systolic pressure { $value } mmHg is below the minimum of { $limit } mmHg.
screening-systolic-high = Systolic pressure { $value } mmHg is above the maximum of { $limit } mmHg.
screening-diastolic-low = Diastolic pressure { $value } mmHg is below the minimum of { $limit } mmHg.
screening-diastolic-high = Diastolic pressure { $value } mmHg is above the maximum of { $limit } mmHg.
screening-pulse-pressure-narrow = The difference between systolic and diastolic pressure is { $value } mmHg; it must be more than { $limit } mmHg.
screening-pulse-low = Pulse { $value } /min is below the minimum of { $limit } /min.
screening-pulse-high = Pulse { $value } /min is above the maximum of { $limit } /min.
screening-temperature-low = Temperature { $value } °C is below the minimum of { $limit } °C.
screening-temperature-high = Temperature { $value } °C is above the maximum of { $limit } °C.
screening-vitals-weight = A weight of { $value } kg is implausible (expected { $min } to { $max } kg). Please check the entry.
screening-vitals-hb = An Hb of { $value } is implausible (expected { $min } to { $max } g/dL). Please check the entry, e.g. 12.5 rather than 125.
screening-vitals-systolic = A systolic pressure of { $value } mmHg is implausible (expected { $min } to { $max } mmHg). Please check the entry.
screening-vitals-diastolic = A diastolic pressure of { $value } mmHg is implausible (expected { $min } to { $max } mmHg). Please check the entry.
screening-vitals-pulse = A pulse of { $value } /min is implausible (expected { $min } to { $max }). Please check the entry.
screening-vitals-temperature = A temperature of { $value } °C is implausible (expected { $min } to { $max } °C). Please check the entry, e.g. 37.5 rather than 375.
screening-vitals-diastolic-not-below-systolic = Diastolic pressure ({ $diastolic } mmHg) must be lower than systolic pressure ({ $systolic } mmHg). Please check the entry.
screening-reason-low-hb = Low Hb
screening-reason-high-hb = High Hb
screening-reason-blood-pressure = Blood pressure
screening-reason-pulse = Pulse
screening-reason-temperature = Temperature
screening-reason-weight = Underweight
screening-reason-interval = Too soon after last donation
screening-reason-medication = Medication
screening-reason-other = Other reason
screening-decision-accept = May donate
screening-decision-defer = Deferred

## Confirmation codes

codes-confirmation-empty = Please enter the confirmation code.
codes-confirmation-length = A confirmation code has { $expected } characters; you entered { $got }.
codes-confirmation-character = “{ $character }” does not occur in confirmation codes. Please check the code.
codes-random-unavailable = The system cannot create a code right now. Please try again in a moment.

## Slot planning

slot-plan-end-not-after-start = The end time must be after the start time.
slot-plan-slot-length-zero = A slot must last at least 1 minute.
slot-plan-slot-too-long = A slot may last at most { $max } minutes; you entered { $minutes }.
slot-plan-window-not-whole = { $window_minutes } minutes do not divide into { $slot_minutes }-minute slots ({ $remainder } minutes left over). Adjust the end time or the slot length.
slot-plan-no-beds = There must be at least 1 donor bed.
slot-plan-too-many-beds = At most { $max } donor beds; you entered { $beds }.
slot-plan-rate-out-of-range = Donors per bed per hour must be more than 0 and at most { $max }; you entered { $rate }. PMI usually plans 2–3.
slot-plan-margin-too-large = The no-show margin may be at most { $max }%; you entered { $margin }%.
slot-plan-too-many-slots = These settings make { $count } slots; the limit is { $max }. Use longer slots.

## Registration input
input-name-missing = Enter your full name.
input-name-too-long = The name is too long: at most { $max } characters.
input-employee-type-missing = Choose your employment status.
input-nip-missing = Enter your NIP (18 digits).
input-nik-missing = Enter your NIK (16 digits, as on your ID card).
input-date-invalid = The date cannot be read. Use day-month-year, for example 17-01-1985.
input-sex-missing = Choose your sex.
input-birth-date-missing = Enter your date of birth.
input-date-in-future = This date has not happened yet. Please check it.
input-date-before-birth = This date is before your date of birth. Please check it.
input-unit-missing = Choose your work unit.
input-unit-unknown = This work unit is not on this drive's list. Choose one from the list.
input-phone-missing = Enter your WhatsApp number so the committee can reach you.
input-phone-invalid = This WhatsApp number is not valid. Write it like 0812 3456 7890 or +62 812 3456 7890.
input-email-invalid = This email address is not valid. Leave it empty if you have none.
input-blood-group-invalid = Choose blood group A, B, AB, O, or "don't know".
input-rhesus-invalid = Choose rhesus positive, negative, or "don't know".
input-weight-missing = Enter your weight in kilograms.
input-weight-out-of-range = Weight must be between { $min } and { $max } kg. Please check the number.
input-number-invalid = Enter a number, for example 55 or 55.5.
input-donation-count-invalid = Enter the number of earlier donations as a number from 0 to { $max }.
input-donation-count-contradicts = You gave a last donation date, so you have donated at least once before.
input-answer-missing = Answer this question with "Yes" or "No".
input-slot-missing = Choose an arrival time, or join the waiting list.
input-slot-unknown = This arrival time is not available for this drive. Choose one from the list.
