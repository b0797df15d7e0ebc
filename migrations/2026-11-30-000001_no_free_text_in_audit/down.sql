-- The scrubbed audit details cannot come back: they are gone for good, as
-- intended. Going down only drops the column, and with it the over-capacity
-- reasons given since (the audit lines keep `over_capacity`).
ALTER TABLE registrations DROP COLUMN over_capacity_reason;
