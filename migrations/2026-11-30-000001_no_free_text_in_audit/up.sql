-- Erasure leaves no health data behind (review #12, item 8).
--
-- The reason a coordinator gives for seating a walk-in beyond capacity is kept
-- with the registration, where erasing the donor clears it; it used to live
-- only in the append-only audit log, out of erasure's reach.
ALTER TABLE registrations
    ADD COLUMN over_capacity_reason text CHECK (length(over_capacity_reason) <= 1000);

-- Reasons already given move over, unless their donor has been erased.
UPDATE registrations r
   SET over_capacity_reason = left(btrim(a.details->>'over_capacity_reason'), 1000)
  FROM audit_log a, donors d
 WHERE a.action = 'registration.walk_in'
   AND a.entity_id = r.id
   AND jsonb_typeof(a.details->'over_capacity_reason') = 'string'
   AND d.id = r.donor_id
   AND d.erased_at IS NULL;

-- Audit details hold ids, codes, statuses, counts and flags: never health
-- answers (the check-in's `day_of`), free text typed about a person (a
-- screening's `override_reason`, a walk-in's `over_capacity_reason`) or roster
-- search terms (`q`). Lines written before this migration are scrubbed, the
-- free text giving way to the flag newer lines carry. The log is append-only;
-- its trigger is lifted for this one statement, inside this migration's
-- transaction.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log
   SET details = (details - 'day_of' - 'override_reason' - 'over_capacity_reason' - 'q')
       || CASE WHEN details ? 'override_reason'
               THEN jsonb_build_object('overridden', jsonb_typeof(details->'override_reason') = 'string')
               ELSE '{}'::jsonb END
       || CASE WHEN details ? 'q'
               THEN jsonb_build_object('searched', btrim(coalesce(details->>'q', '')) <> '')
               ELSE '{}'::jsonb END
 WHERE details ?| ARRAY['day_of', 'override_reason', 'over_capacity_reason', 'q'];
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
