-- A stream's versions are contiguous: an append that skips a version is rejected like a conflicting one.
CREATE TRIGGER `events_contiguous_versions` BEFORE INSERT ON `events`
WHEN NEW.version <> 1 AND NOT EXISTS (
	SELECT 1 FROM `events` WHERE `stream_id` = NEW.stream_id AND `version` = NEW.version - 1
)
BEGIN
	SELECT RAISE(ABORT, 'events: version gap');
END;
