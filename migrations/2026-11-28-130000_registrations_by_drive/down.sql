DROP INDEX registrations_by_drive;
