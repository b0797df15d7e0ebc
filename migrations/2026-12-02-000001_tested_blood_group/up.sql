-- The blood group PMI tests at screening. A donor's sign-up answer is a guess;
-- what PMI finds is recorded on the screening and wins: the donor's record
-- takes it (blood_group_tested_at says when PMI last confirmed it), and the
-- counts count bags by it, falling back to the declared group only where no
-- test was recorded. The screening keeps what the record said before the test
-- (declared_*), so a card can show "tested A+, was O+".
ALTER TABLE screenings
    ADD COLUMN blood_group text CHECK (blood_group IN ('A', 'B', 'AB', 'O')),
    ADD COLUMN rhesus text CHECK (rhesus IN ('positive', 'negative')),
    ADD COLUMN declared_blood_group text CHECK (declared_blood_group IN ('A', 'B', 'AB', 'O', 'unknown')),
    ADD COLUMN declared_rhesus text CHECK (declared_rhesus IN ('positive', 'negative', 'unknown')),
    ADD CONSTRAINT screenings_group_with_rhesus
        CHECK ((blood_group IS NULL) = (rhesus IS NULL)
           AND (blood_group IS NULL) = (declared_blood_group IS NULL)
           AND (declared_blood_group IS NULL) = (declared_rhesus IS NULL));

ALTER TABLE donors
    ADD COLUMN blood_group_tested_at timestamptz;
