DROP INDEX registrations_checked_in_queue;
DROP TABLE station_calls;
