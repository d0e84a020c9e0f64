CREATE TABLE `audit_log` (
	`inspection_id` text NOT NULL,
	`seq` integer NOT NULL,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`path` text DEFAULT '' NOT NULL,
	`old_value` text,
	`new_value` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`inspection_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`inspection_id` text NOT NULL,
	`item_no` integer,
	`finding_id` text,
	`sha256` text NOT NULL,
	`thumb_sha256` text NOT NULL,
	`media_type` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`caption` text DEFAULT '' NOT NULL,
	`taken_at` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `evidence_inspection_idx` ON `evidence` (`inspection_id`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` text PRIMARY KEY NOT NULL,
	`inspection_id` text NOT NULL,
	`item_no` integer,
	`description` text NOT NULL,
	`severity` text NOT NULL,
	`notified_on` text,
	`reported_on` text,
	`directive_no` text DEFAULT '' NOT NULL,
	`directive_on` text,
	`case_no` text DEFAULT '' NOT NULL,
	`due_on` text,
	`rectification` text DEFAULT '' NOT NULL,
	`closed_on` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "findings_severity_ck" CHECK("findings"."severity" IN ('一般问题','违法违规行为','严重事故隐患'))
);
--> statement-breakpoint
CREATE INDEX `findings_inspection_idx` ON `findings` (`inspection_id`);--> statement-breakpoint
CREATE TABLE `revisions` (
	`inspection_id` text NOT NULL,
	`number` integer NOT NULL,
	`sha256` text NOT NULL,
	`parent_sha256` text,
	`canonical` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`signed_at` text NOT NULL,
	`signed_by` text NOT NULL,
	PRIMARY KEY(`inspection_id`, `number`),
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `revisions_sha_uq` ON `revisions` (`sha256`);--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`inspection_id` text NOT NULL,
	`role` text NOT NULL,
	`signer_name` text NOT NULL,
	`signer_detail` text DEFAULT '' NOT NULL,
	`image_sha256` text NOT NULL,
	`signed_at` text NOT NULL,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "signatures_role_ck" CHECK("signatures"."role" IN ('inspector','agency'))
);
--> statement-breakpoint
CREATE INDEX `signatures_inspection_idx` ON `signatures` (`inspection_id`);--> statement-breakpoint
ALTER TABLE `inspections` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `inspections` ADD `amendment_reason` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `inspections` ADD `submitted_at` text;--> statement-breakpoint
-- Signed revisions and the audit trail are append-only: the app never changes them,
-- and these triggers stop a bug from doing so. (Someone with the file can drop them;
-- the hash chain is what proves tampering then: see `ducha audit verify`.)
CREATE TRIGGER `revisions_immutable_update` BEFORE UPDATE ON `revisions` BEGIN SELECT RAISE(ABORT, 'signed revisions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `revisions_immutable_delete` BEFORE DELETE ON `revisions` BEGIN SELECT RAISE(ABORT, 'signed revisions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_append_only_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_append_only_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
