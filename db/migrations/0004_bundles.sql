CREATE TABLE `bundle_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`bundle_id` text,
	`payload_sha256` text,
	`key_id` text,
	`file_name` text NOT NULL,
	`received_at` text NOT NULL,
	`outcome` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`counts` text DEFAULT '{}' NOT NULL,
	CONSTRAINT "bundle_imports_outcome_ck" CHECK("bundle_imports"."outcome" IN ('imported','duplicate','quarantined','refused'))
);
--> statement-breakpoint
CREATE INDEX `bundle_imports_bundle_idx` ON `bundle_imports` (`bundle_id`);--> statement-breakpoint
CREATE INDEX `bundle_imports_received_idx` ON `bundle_imports` (`received_at`);--> statement-breakpoint
CREATE TABLE `quarantine` (
	`bundle_id` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`alg` text NOT NULL,
	`public_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`inspector` text NOT NULL,
	`file_name` text NOT NULL,
	`stored_file` text NOT NULL,
	`bytes` integer NOT NULL,
	`summary` text DEFAULT '[]' NOT NULL,
	`reason` text NOT NULL,
	`received_at` text NOT NULL,
	`status` text DEFAULT 'held' NOT NULL,
	`closed_at` text,
	`closed_by` text,
	CONSTRAINT "quarantine_status_ck" CHECK("quarantine"."status" IN ('held','released','discarded'))
);
--> statement-breakpoint
CREATE INDEX `quarantine_key_idx` ON `quarantine` (`key_id`);--> statement-breakpoint
CREATE TABLE `revision_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`inspection_id` text NOT NULL,
	`number` integer NOT NULL,
	`sha256` text NOT NULL,
	`parent_sha256` text,
	`canonical` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`signed_at` text NOT NULL,
	`signed_by` text NOT NULL,
	`cause` text NOT NULL,
	`incoming_audit` text DEFAULT '[]' NOT NULL,
	`from_bundle_id` text NOT NULL,
	`detected_at` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`resolution` text,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "revision_conflicts_resolution_ck" CHECK("revision_conflicts"."resolution" IS NULL OR "revision_conflicts"."resolution" IN ('local','incoming'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `revision_conflicts_sha_uq` ON `revision_conflicts` (`inspection_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `revision_conflicts_open_idx` ON `revision_conflicts` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `trusted_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`alg` text NOT NULL,
	`public_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`inspector_name` text NOT NULL,
	`inspector_badge_no` text NOT NULL,
	`inspector_unit` text NOT NULL,
	`source` text NOT NULL,
	`trusted_at` text NOT NULL,
	`trusted_by` text NOT NULL,
	CONSTRAINT "trusted_keys_alg_ck" CHECK("trusted_keys"."alg" IN ('ed25519','sm2-sm3')),
	CONSTRAINT "trusted_keys_source_ck" CHECK("trusted_keys"."source" IN ('enrollment','bundle'))
);
