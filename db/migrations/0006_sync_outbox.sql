CREATE TABLE `sync_connection` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`urls` text NOT NULL,
	`alg` text NOT NULL,
	`key_id` text NOT NULL,
	`public_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`tls_certificate` text,
	`connected_at` text NOT NULL,
	`device_state` text DEFAULT 'unknown' NOT NULL,
	`device_message` text,
	`device_key_id` text,
	`last_contact_at` text,
	`last_error` text,
	CONSTRAINT "sync_connection_one_ck" CHECK("sync_connection"."id" = 1),
	CONSTRAINT "sync_connection_alg_ck" CHECK("sync_connection"."alg" IN ('ed25519','sm2-sm3')),
	CONSTRAINT "sync_connection_state_ck" CHECK("sync_connection"."device_state" IN ('unknown','pending','approved','revoked'))
);
--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`inspection_id` text NOT NULL,
	`revision` integer NOT NULL,
	`part` integer NOT NULL,
	`bundle_id` text,
	`body` blob,
	`sha256` text,
	`bytes` integer,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`receipt` text,
	`received_at` text,
	`delivered_at` text,
	`enqueued_at` text NOT NULL,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "sync_outbox_state_ck" CHECK("sync_outbox"."state" IN ('queued','held','delivered')),
	CONSTRAINT "sync_outbox_part_ck" CHECK("sync_outbox"."part" >= 0 AND "sync_outbox"."revision" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_outbox_bundle_uq` ON `sync_outbox` (`bundle_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `sync_outbox_revision_part_uq` ON `sync_outbox` (`inspection_id`,`revision`,`part`);--> statement-breakpoint
CREATE INDEX `sync_outbox_state_idx` ON `sync_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
-- Inspections signed before sync existed wait in the outbox too: one row per inspection for
-- its latest revision, without a bundle yet; the sender builds it (the bundle carries the
-- whole history) once a receiver is connected and the record is not being amended.
INSERT INTO `sync_outbox` (`inspection_id`, `revision`, `part`, `state`, `attempts`, `enqueued_at`)
SELECT `id`, `revision`, 0, 'queued', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `inspections` WHERE `revision` > 0 AND `status` IN ('signed', 'submitted') ORDER BY `updated_at`, `id`;
