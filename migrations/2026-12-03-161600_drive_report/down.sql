DROP TABLE drive_pmi_figures;
ALTER TABLE drives
    DROP COLUMN office_name,
    DROP COLUMN office_address,
    DROP COLUMN chair_name,
    DROP COLUMN chair_nip,
    DROP COLUMN head_name,
    DROP COLUMN head_nip;
