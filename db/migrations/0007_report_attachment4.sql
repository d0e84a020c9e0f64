CREATE TABLE `checklist_edition_persons` (
	`agency_id` text NOT NULL,
	`filled_on` text NOT NULL,
	`person_id` text NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`cert_no` text NOT NULL,
	`practising` text NOT NULL,
	`education` text NOT NULL,
	`title` text NOT NULL,
	`note` text NOT NULL,
	`disclosure_cancelled` integer NOT NULL,
	`qualification_revoked` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `filled_on`, `person_id`)
);
--> statement-breakpoint
CREATE TABLE `checklist_editions` (
	`agency_id` text NOT NULL,
	`filled_on` text NOT NULL,
	`total_staff` integer,
	`disclosed_count` integer,
	`social_insurance_count` integer,
	`meets_requirements` text NOT NULL,
	`filled_by` text NOT NULL,
	`filled_phone` text NOT NULL,
	`resource_rectified_on` text NOT NULL,
	`resource_rectified_note` text NOT NULL,
	`personnel_rectified_on` text NOT NULL,
	`personnel_rectified_note` text NOT NULL,
	`archived_at` text NOT NULL,
	PRIMARY KEY(`agency_id`, `filled_on`),
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`origin` text NOT NULL,
	`unit` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`sha256` text NOT NULL,
	`key_id` text NOT NULL,
	`signed_at` text NOT NULL,
	`document` text NOT NULL,
	`stored_at` text NOT NULL,
	CONSTRAINT "report_documents_origin_ck" CHECK("report_documents"."origin" IN ('own','received'))
);
--> statement-breakpoint
CREATE INDEX `report_documents_unit_idx` ON `report_documents` (`unit`,`period_from`,`period_to`);--> statement-breakpoint
CREATE TABLE `report_drafts` (
	`unit` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`edits` text DEFAULT '{}' NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`unit`, `period_from`, `period_to`)
);
--> statement-breakpoint
CREATE TABLE `report_findings` (
	`inspection_id` text NOT NULL,
	`finding_id` text NOT NULL,
	`severity` text NOT NULL,
	`description` text NOT NULL,
	`directive_no` text NOT NULL,
	`case_no` text NOT NULL,
	`rectification` text NOT NULL,
	`closed_on` text,
	PRIMARY KEY(`inspection_id`, `finding_id`),
	FOREIGN KEY (`inspection_id`) REFERENCES `report_inspections`(`inspection_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_indicator_scores` (
	`inspection_id` text NOT NULL,
	`indicator` integer NOT NULL,
	`score` real NOT NULL,
	`max` real NOT NULL,
	PRIMARY KEY(`inspection_id`, `indicator`),
	FOREIGN KEY (`inspection_id`) REFERENCES `report_inspections`(`inspection_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_inspections` (
	`inspection_id` text PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL,
	`sha256` text NOT NULL,
	`agency_id` text NOT NULL,
	`kind` text NOT NULL,
	`inspected_on` text NOT NULL,
	`inspecting_unit` text,
	`spot_check` integer NOT NULL,
	`total` real,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_inspections_date_idx` ON `report_inspections` (`inspected_on`);--> statement-breakpoint
CREATE INDEX `report_inspections_unit_idx` ON `report_inspections` (`inspecting_unit`,`inspected_on`);--> statement-breakpoint
CREATE TABLE `report_item_indicators` (
	`item_no` integer PRIMARY KEY NOT NULL,
	`indicator` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `inspections` ADD `inspecting_unit` text;--> statement-breakpoint
ALTER TABLE `personnel_checklists` ADD `resource_rectified_on` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `personnel_checklists` ADD `resource_rectified_note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `personnel_checklists` ADD `personnel_rectified_on` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `personnel_checklists` ADD `personnel_rectified_note` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- 附件3 item → 一级指标 (0-based, forms/attachment3.ts order); db/open.test.ts holds it equal to the forms.
INSERT INTO `report_item_indicators` (`item_no`, `indicator`) VALUES (1,0),(2,0),(3,0),(4,1),(5,1),(6,1),(7,1),(8,1),(9,1),(10,1),(11,1),(12,1),(13,1),(14,2),(15,2),(16,2),(17,2),(18,2),(19,2),(20,2),(21,2),(22,3),(23,3),(24,3),(25,3),(26,4),(27,4),(28,4),(29,4),(30,4),(31,4),(32,4),(33,4),(34,4),(35,5),(36,5),(37,5),(38,6),(39,6),(40,6),(41,7),(42,8);
--> statement-breakpoint
-- A checklist given another 填报日期 keeps the one it replaces, roster included, whichever path
-- writes it (the 附件2 page, an import's upsert): reports over a past period count what was filed then.
CREATE TRIGGER `personnel_checklists_keep_edition` BEFORE UPDATE OF `filled_on` ON `personnel_checklists`
WHEN OLD.`filled_on` <> '' AND OLD.`filled_on` <> NEW.`filled_on`
BEGIN
  DELETE FROM `checklist_edition_persons` WHERE `agency_id` = OLD.`agency_id` AND `filled_on` = OLD.`filled_on`;
  INSERT OR REPLACE INTO `checklist_editions` (`agency_id`, `filled_on`, `total_staff`, `disclosed_count`, `social_insurance_count`, `meets_requirements`,
    `filled_by`, `filled_phone`, `resource_rectified_on`, `resource_rectified_note`, `personnel_rectified_on`, `personnel_rectified_note`, `archived_at`)
  VALUES (OLD.`agency_id`, OLD.`filled_on`, OLD.`total_staff`, OLD.`disclosed_count`, OLD.`social_insurance_count`, OLD.`meets_requirements`,
    OLD.`filled_by`, OLD.`filled_phone`, OLD.`resource_rectified_on`, OLD.`resource_rectified_note`, OLD.`personnel_rectified_on`, OLD.`personnel_rectified_note`,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  INSERT INTO `checklist_edition_persons` (`agency_id`, `filled_on`, `person_id`, `seq`, `name`, `cert_no`, `practising`, `education`, `title`, `note`,
    `disclosure_cancelled`, `qualification_revoked`)
  SELECT `agency_id`, OLD.`filled_on`, `id`, `seq`, `name`, `cert_no`, `practising`, `education`, `title`, `note`, `disclosure_cancelled`, `qualification_revoked`
  FROM `personnel` WHERE `agency_id` = OLD.`agency_id`;
END;
--> statement-breakpoint
-- The report facts of revisions signed before this migration: each inspection's latest.
-- (Only snapshots: a revision row is always one, the format test guards the statement.)
INSERT INTO `report_inspections` (`inspection_id`, `revision`, `sha256`, `agency_id`, `kind`, `inspected_on`, `inspecting_unit`, `spot_check`, `total`)
  SELECT r.`inspection_id`, r.`number`, r.`sha256`, i.`agency_id`,
         json_extract(r.`canonical`, '$.inspection.kind'), json_extract(r.`canonical`, '$.inspection.inspectedOn'),
         json_extract(r.`canonical`, '$.inspection.inspectingUnit'), coalesce(json_extract(r.`canonical`, '$.inspection.spotCheck'), 0),
         json_extract(r.`canonical`, '$.totals.total')
  FROM `revisions` r JOIN `inspections` i ON i.`id` = r.`inspection_id` WHERE r.`number` = (SELECT max(r2.`number`) FROM `revisions` r2 WHERE r2.`inspection_id` = r.`inspection_id`) AND json_extract(r.`canonical`, '$.format') = 'ducha-inspection';
--> statement-breakpoint
INSERT INTO `report_findings` (`inspection_id`, `finding_id`, `severity`, `description`, `directive_no`, `case_no`, `rectification`, `closed_on`)
  SELECT r.`inspection_id`, json_extract(f.`value`, '$.id'), json_extract(f.`value`, '$.severity'), json_extract(f.`value`, '$.description'),
         coalesce(json_extract(f.`value`, '$.directiveNo'), ''), coalesce(json_extract(f.`value`, '$.caseNo'), ''),
         coalesce(json_extract(f.`value`, '$.rectification'), ''), json_extract(f.`value`, '$.closedOn')
  FROM `revisions` r, json_each(r.`canonical`, '$.findings') f WHERE r.`number` = (SELECT max(r2.`number`) FROM `revisions` r2 WHERE r2.`inspection_id` = r.`inspection_id`) AND json_extract(r.`canonical`, '$.format') = 'ducha-inspection';
--> statement-breakpoint
INSERT INTO `report_indicator_scores` (`inspection_id`, `indicator`, `score`, `max`)
  SELECT r.`inspection_id`, m.`indicator`,
         total(CASE WHEN json_extract(it.`value`, '$.notApplicable') THEN 0 ELSE json_extract(it.`value`, '$.score') END),
         total(CASE WHEN json_extract(it.`value`, '$.notApplicable') THEN 0 ELSE json_extract(it.`value`, '$.max') END)
  FROM `revisions` r, json_each(r.`canonical`, '$.items') it
  JOIN `report_item_indicators` m ON m.`item_no` = json_extract(it.`value`, '$.no') WHERE r.`number` = (SELECT max(r2.`number`) FROM `revisions` r2 WHERE r2.`inspection_id` = r.`inspection_id`) AND json_extract(r.`canonical`, '$.format') = 'ducha-inspection'
  GROUP BY r.`inspection_id`, m.`indicator`;
--> statement-breakpoint
-- Every stored revision that is (now) the latest of its inspection replaces that inspection's
-- report facts: signing, import and adopting a conflicting revision all end in this insert.
CREATE TRIGGER `revisions_report_facts` AFTER INSERT ON `revisions`
WHEN NEW.`number` >= (SELECT max(`number`) FROM `revisions` WHERE `inspection_id` = NEW.`inspection_id`)
BEGIN
  DELETE FROM `report_findings` WHERE `inspection_id` = NEW.`inspection_id`;
  DELETE FROM `report_indicator_scores` WHERE `inspection_id` = NEW.`inspection_id`;
  DELETE FROM `report_inspections` WHERE `inspection_id` = NEW.`inspection_id`;
INSERT INTO `report_inspections` (`inspection_id`, `revision`, `sha256`, `agency_id`, `kind`, `inspected_on`, `inspecting_unit`, `spot_check`, `total`)
  SELECT n.`inspection_id`, n.`number`, n.`sha256`, i.`agency_id`,
         json_extract(n.`canonical`, '$.inspection.kind'), json_extract(n.`canonical`, '$.inspection.inspectedOn'),
         json_extract(n.`canonical`, '$.inspection.inspectingUnit'), coalesce(json_extract(n.`canonical`, '$.inspection.spotCheck'), 0),
         json_extract(n.`canonical`, '$.totals.total')
  FROM (SELECT NEW.`inspection_id` AS `inspection_id`, NEW.`number` AS `number`, NEW.`sha256` AS `sha256`, NEW.`canonical` AS `canonical`) n JOIN `inspections` i ON i.`id` = n.`inspection_id` WHERE json_extract(n.`canonical`, '$.format') = 'ducha-inspection';
INSERT INTO `report_findings` (`inspection_id`, `finding_id`, `severity`, `description`, `directive_no`, `case_no`, `rectification`, `closed_on`)
  SELECT n.`inspection_id`, json_extract(f.`value`, '$.id'), json_extract(f.`value`, '$.severity'), json_extract(f.`value`, '$.description'),
         coalesce(json_extract(f.`value`, '$.directiveNo'), ''), coalesce(json_extract(f.`value`, '$.caseNo'), ''),
         coalesce(json_extract(f.`value`, '$.rectification'), ''), json_extract(f.`value`, '$.closedOn')
  FROM (SELECT NEW.`inspection_id` AS `inspection_id`, NEW.`number` AS `number`, NEW.`sha256` AS `sha256`, NEW.`canonical` AS `canonical`) n, json_each(n.`canonical`, '$.findings') f WHERE json_extract(n.`canonical`, '$.format') = 'ducha-inspection';
INSERT INTO `report_indicator_scores` (`inspection_id`, `indicator`, `score`, `max`)
  SELECT n.`inspection_id`, m.`indicator`,
         total(CASE WHEN json_extract(it.`value`, '$.notApplicable') THEN 0 ELSE json_extract(it.`value`, '$.score') END),
         total(CASE WHEN json_extract(it.`value`, '$.notApplicable') THEN 0 ELSE json_extract(it.`value`, '$.max') END)
  FROM (SELECT NEW.`inspection_id` AS `inspection_id`, NEW.`number` AS `number`, NEW.`sha256` AS `sha256`, NEW.`canonical` AS `canonical`) n, json_each(n.`canonical`, '$.items') it
  JOIN `report_item_indicators` m ON m.`item_no` = json_extract(it.`value`, '$.no')
  WHERE json_extract(n.`canonical`, '$.format') = 'ducha-inspection'
  GROUP BY n.`inspection_id`, m.`indicator`;
END;
