-- The report the head of office signs (issue #16): the letterhead and the two
-- signatories are set per drive; empty means "not set" (the report then falls
-- back to the regional office's unit name, and leaves the signature lines blank
-- for a pen). NIPs are stored as their 18 digits.
ALTER TABLE drives
    ADD COLUMN office_name text NOT NULL DEFAULT '' CHECK (length(office_name) <= 200),
    ADD COLUMN office_address text NOT NULL DEFAULT '' CHECK (length(office_address) <= 300),
    ADD COLUMN chair_name text NOT NULL DEFAULT '' CHECK (length(chair_name) <= 200),
    ADD COLUMN chair_nip text NOT NULL DEFAULT '' CHECK (chair_nip ~ '^([0-9]{18})?$'),
    ADD COLUMN head_name text NOT NULL DEFAULT '' CHECK (length(head_name) <= 200),
    ADD COLUMN head_nip text NOT NULL DEFAULT '' CHECK (head_nip ~ '^([0-9]{18})?$');

-- PMI's official figures, typed by an organizer after the drive: the bags PMI
-- received in total and, when PMI gives them, by ABO group (all four or none,
-- adding up to the total) and how many were rhesus negative. One line per
-- drive, replaced when corrected; every save is audited.
CREATE TABLE drive_pmi_figures (
    drive_id uuid PRIMARY KEY REFERENCES drives (id) ON DELETE CASCADE,
    bags_total integer NOT NULL CHECK (bags_total BETWEEN 0 AND 100000),
    group_a integer CHECK (group_a BETWEEN 0 AND 100000),
    group_b integer CHECK (group_b BETWEEN 0 AND 100000),
    group_ab integer CHECK (group_ab BETWEEN 0 AND 100000),
    group_o integer CHECK (group_o BETWEEN 0 AND 100000),
    rh_negative integer CHECK (rh_negative BETWEEN 0 AND bags_total),
    recorded_by uuid NOT NULL REFERENCES staff_users (id),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CHECK (
        (group_a IS NULL AND group_b IS NULL AND group_ab IS NULL AND group_o IS NULL)
        OR (group_a IS NOT NULL AND group_b IS NOT NULL AND group_ab IS NOT NULL
            AND group_o IS NOT NULL
            AND group_a + group_b + group_ab + group_o = bags_total)
    )
);
