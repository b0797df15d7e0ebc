ALTER TABLE donors DROP COLUMN blood_group_tested_at;
ALTER TABLE screenings
    DROP CONSTRAINT screenings_group_with_rhesus,
    DROP COLUMN declared_rhesus,
    DROP COLUMN declared_blood_group,
    DROP COLUMN rhesus,
    DROP COLUMN blood_group;
