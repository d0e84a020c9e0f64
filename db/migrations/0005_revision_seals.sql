ALTER TABLE `revision_conflicts` ADD `seal` text;--> statement-breakpoint
ALTER TABLE `revisions` ADD `seal` text;--> statement-breakpoint
-- A revision signed before seals existed gets its seal once, when this installation opens
-- it (core/records/seal-legacy.ts); apart from that one NULL → seal, revisions stay immutable.
DROP TRIGGER `revisions_immutable_update`;--> statement-breakpoint
CREATE TRIGGER `revisions_immutable_update` BEFORE UPDATE ON `revisions`
WHEN NOT (
  OLD.`seal` IS NULL AND NEW.`seal` IS NOT NULL
  AND NEW.`inspection_id` IS OLD.`inspection_id` AND NEW.`number` IS OLD.`number` AND NEW.`sha256` IS OLD.`sha256`
  AND NEW.`parent_sha256` IS OLD.`parent_sha256` AND NEW.`canonical` IS OLD.`canonical` AND NEW.`reason` IS OLD.`reason`
  AND NEW.`signed_at` IS OLD.`signed_at` AND NEW.`signed_by` IS OLD.`signed_by`
)
BEGIN SELECT RAISE(ABORT, 'signed revisions are immutable'); END;
