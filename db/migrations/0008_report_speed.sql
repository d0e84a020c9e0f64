CREATE TABLE `report_roster_counts` (
	`agency_id` text NOT NULL,
	`edition` text NOT NULL,
	`persons` integer NOT NULL,
	`practising_problems` integer NOT NULL,
	`education_problems` integer NOT NULL,
	`title_problems` integer NOT NULL,
	`disclosure_cancelled` integer NOT NULL,
	`education_revoked` integer NOT NULL,
	`title_revoked` integer NOT NULL,
	`problem_persons` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `edition`)
);
--> statement-breakpoint
CREATE INDEX `checklist_edition_persons_problem_idx` ON `checklist_edition_persons` (`agency_id`,`filled_on`,`person_id`,`practising`,`education`,`title`,`disclosure_cancelled`,`qualification_revoked`) WHERE "practising" = '否' OR "education" = '否' OR "title" = '否';--> statement-breakpoint
CREATE INDEX `personnel_problem_idx` ON `personnel` (`agency_id`,`id`,`practising`,`education`,`title`,`disclosure_cancelled`,`qualification_revoked`) WHERE "practising" = '否' OR "education" = '否' OR "title" = '否';--> statement-breakpoint
CREATE INDEX `report_inspections_agency_idx` ON `report_inspections` (`agency_id`,`inspected_on`);
--> statement-breakpoint
CREATE TRIGGER `personnel_roster_counts_insert` AFTER INSERT ON `personnel`
BEGIN
  INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
  VALUES (NEW.`agency_id`, '', 1, (NEW.`practising` = '否'), (NEW.`education` = '否'), (NEW.`title` = '否'), (NEW.`practising` = '否' AND NEW.`disclosure_cancelled`), (NEW.`education` = '否' AND NEW.`qualification_revoked`), (NEW.`title` = '否' AND NEW.`qualification_revoked`), (NEW.`practising` = '否' OR NEW.`education` = '否' OR NEW.`title` = '否'))
  ON CONFLICT (`agency_id`, `edition`) DO UPDATE SET `persons` = `persons` + excluded.`persons`, `practising_problems` = `practising_problems` + excluded.`practising_problems`, `education_problems` = `education_problems` + excluded.`education_problems`, `title_problems` = `title_problems` + excluded.`title_problems`, `disclosure_cancelled` = `disclosure_cancelled` + excluded.`disclosure_cancelled`, `education_revoked` = `education_revoked` + excluded.`education_revoked`, `title_revoked` = `title_revoked` + excluded.`title_revoked`, `problem_persons` = `problem_persons` + excluded.`problem_persons`;
END;
--> statement-breakpoint
CREATE TRIGGER `personnel_roster_counts_delete` AFTER DELETE ON `personnel`
BEGIN
  INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
  VALUES (OLD.`agency_id`, '', -1, -(OLD.`practising` = '否'), -(OLD.`education` = '否'), -(OLD.`title` = '否'), -(OLD.`practising` = '否' AND OLD.`disclosure_cancelled`), -(OLD.`education` = '否' AND OLD.`qualification_revoked`), -(OLD.`title` = '否' AND OLD.`qualification_revoked`), -(OLD.`practising` = '否' OR OLD.`education` = '否' OR OLD.`title` = '否'))
  ON CONFLICT (`agency_id`, `edition`) DO UPDATE SET `persons` = `persons` + excluded.`persons`, `practising_problems` = `practising_problems` + excluded.`practising_problems`, `education_problems` = `education_problems` + excluded.`education_problems`, `title_problems` = `title_problems` + excluded.`title_problems`, `disclosure_cancelled` = `disclosure_cancelled` + excluded.`disclosure_cancelled`, `education_revoked` = `education_revoked` + excluded.`education_revoked`, `title_revoked` = `title_revoked` + excluded.`title_revoked`, `problem_persons` = `problem_persons` + excluded.`problem_persons`;
END;
--> statement-breakpoint
CREATE TRIGGER `personnel_roster_counts_update` AFTER UPDATE ON `personnel`
BEGIN
  INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
  VALUES (OLD.`agency_id`, '', -1, -(OLD.`practising` = '否'), -(OLD.`education` = '否'), -(OLD.`title` = '否'), -(OLD.`practising` = '否' AND OLD.`disclosure_cancelled`), -(OLD.`education` = '否' AND OLD.`qualification_revoked`), -(OLD.`title` = '否' AND OLD.`qualification_revoked`), -(OLD.`practising` = '否' OR OLD.`education` = '否' OR OLD.`title` = '否'))
  ON CONFLICT (`agency_id`, `edition`) DO UPDATE SET `persons` = `persons` + excluded.`persons`, `practising_problems` = `practising_problems` + excluded.`practising_problems`, `education_problems` = `education_problems` + excluded.`education_problems`, `title_problems` = `title_problems` + excluded.`title_problems`, `disclosure_cancelled` = `disclosure_cancelled` + excluded.`disclosure_cancelled`, `education_revoked` = `education_revoked` + excluded.`education_revoked`, `title_revoked` = `title_revoked` + excluded.`title_revoked`, `problem_persons` = `problem_persons` + excluded.`problem_persons`;
  INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
  VALUES (NEW.`agency_id`, '', 1, (NEW.`practising` = '否'), (NEW.`education` = '否'), (NEW.`title` = '否'), (NEW.`practising` = '否' AND NEW.`disclosure_cancelled`), (NEW.`education` = '否' AND NEW.`qualification_revoked`), (NEW.`title` = '否' AND NEW.`qualification_revoked`), (NEW.`practising` = '否' OR NEW.`education` = '否' OR NEW.`title` = '否'))
  ON CONFLICT (`agency_id`, `edition`) DO UPDATE SET `persons` = `persons` + excluded.`persons`, `practising_problems` = `practising_problems` + excluded.`practising_problems`, `education_problems` = `education_problems` + excluded.`education_problems`, `title_problems` = `title_problems` + excluded.`title_problems`, `disclosure_cancelled` = `disclosure_cancelled` + excluded.`disclosure_cancelled`, `education_revoked` = `education_revoked` + excluded.`education_revoked`, `title_revoked` = `title_revoked` + excluded.`title_revoked`, `problem_persons` = `problem_persons` + excluded.`problem_persons`;
END;
--> statement-breakpoint
CREATE TRIGGER `edition_persons_roster_counts_insert` AFTER INSERT ON `checklist_edition_persons`
BEGIN
  INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
  VALUES (NEW.`agency_id`, NEW.`filled_on`, 1, (NEW.`practising` = '否'), (NEW.`education` = '否'), (NEW.`title` = '否'), (NEW.`practising` = '否' AND NEW.`disclosure_cancelled`), (NEW.`education` = '否' AND NEW.`qualification_revoked`), (NEW.`title` = '否' AND NEW.`qualification_revoked`), (NEW.`practising` = '否' OR NEW.`education` = '否' OR NEW.`title` = '否'))
  ON CONFLICT (`agency_id`, `edition`) DO UPDATE SET `persons` = `persons` + excluded.`persons`, `practising_problems` = `practising_problems` + excluded.`practising_problems`, `education_problems` = `education_problems` + excluded.`education_problems`, `title_problems` = `title_problems` + excluded.`title_problems`, `disclosure_cancelled` = `disclosure_cancelled` + excluded.`disclosure_cancelled`, `education_revoked` = `education_revoked` + excluded.`education_revoked`, `title_revoked` = `title_revoked` + excluded.`title_revoked`, `problem_persons` = `problem_persons` + excluded.`problem_persons`;
END;
--> statement-breakpoint
CREATE TRIGGER `edition_persons_roster_counts_delete` AFTER DELETE ON `checklist_edition_persons`
BEGIN
  INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
  VALUES (OLD.`agency_id`, OLD.`filled_on`, -1, -(OLD.`practising` = '否'), -(OLD.`education` = '否'), -(OLD.`title` = '否'), -(OLD.`practising` = '否' AND OLD.`disclosure_cancelled`), -(OLD.`education` = '否' AND OLD.`qualification_revoked`), -(OLD.`title` = '否' AND OLD.`qualification_revoked`), -(OLD.`practising` = '否' OR OLD.`education` = '否' OR OLD.`title` = '否'))
  ON CONFLICT (`agency_id`, `edition`) DO UPDATE SET `persons` = `persons` + excluded.`persons`, `practising_problems` = `practising_problems` + excluded.`practising_problems`, `education_problems` = `education_problems` + excluded.`education_problems`, `title_problems` = `title_problems` + excluded.`title_problems`, `disclosure_cancelled` = `disclosure_cancelled` + excluded.`disclosure_cancelled`, `education_revoked` = `education_revoked` + excluded.`education_revoked`, `title_revoked` = `title_revoked` + excluded.`title_revoked`, `problem_persons` = `problem_persons` + excluded.`problem_persons`;
END;
--> statement-breakpoint
CREATE TRIGGER `edition_persons_roster_counts_update` AFTER UPDATE ON `checklist_edition_persons`
BEGIN
  INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
  VALUES (OLD.`agency_id`, OLD.`filled_on`, -1, -(OLD.`practising` = '否'), -(OLD.`education` = '否'), -(OLD.`title` = '否'), -(OLD.`practising` = '否' AND OLD.`disclosure_cancelled`), -(OLD.`education` = '否' AND OLD.`qualification_revoked`), -(OLD.`title` = '否' AND OLD.`qualification_revoked`), -(OLD.`practising` = '否' OR OLD.`education` = '否' OR OLD.`title` = '否'))
  ON CONFLICT (`agency_id`, `edition`) DO UPDATE SET `persons` = `persons` + excluded.`persons`, `practising_problems` = `practising_problems` + excluded.`practising_problems`, `education_problems` = `education_problems` + excluded.`education_problems`, `title_problems` = `title_problems` + excluded.`title_problems`, `disclosure_cancelled` = `disclosure_cancelled` + excluded.`disclosure_cancelled`, `education_revoked` = `education_revoked` + excluded.`education_revoked`, `title_revoked` = `title_revoked` + excluded.`title_revoked`, `problem_persons` = `problem_persons` + excluded.`problem_persons`;
  INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
  VALUES (NEW.`agency_id`, NEW.`filled_on`, 1, (NEW.`practising` = '否'), (NEW.`education` = '否'), (NEW.`title` = '否'), (NEW.`practising` = '否' AND NEW.`disclosure_cancelled`), (NEW.`education` = '否' AND NEW.`qualification_revoked`), (NEW.`title` = '否' AND NEW.`qualification_revoked`), (NEW.`practising` = '否' OR NEW.`education` = '否' OR NEW.`title` = '否'))
  ON CONFLICT (`agency_id`, `edition`) DO UPDATE SET `persons` = `persons` + excluded.`persons`, `practising_problems` = `practising_problems` + excluded.`practising_problems`, `education_problems` = `education_problems` + excluded.`education_problems`, `title_problems` = `title_problems` + excluded.`title_problems`, `disclosure_cancelled` = `disclosure_cancelled` + excluded.`disclosure_cancelled`, `education_revoked` = `education_revoked` + excluded.`education_revoked`, `title_revoked` = `title_revoked` + excluded.`title_revoked`, `problem_persons` = `problem_persons` + excluded.`problem_persons`;
END;
--> statement-breakpoint
INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
SELECT `agency_id`, '', count(*), sum(`practising` = '否'), sum(`education` = '否'), sum(`title` = '否'),
  sum(`practising` = '否' AND `disclosure_cancelled`), sum(`education` = '否' AND `qualification_revoked`), sum(`title` = '否' AND `qualification_revoked`),
  sum(`practising` = '否' OR `education` = '否' OR `title` = '否')
FROM `personnel` GROUP BY `agency_id`;
--> statement-breakpoint
INSERT INTO `report_roster_counts` (`agency_id`, `edition`, `persons`, `practising_problems`, `education_problems`, `title_problems`, `disclosure_cancelled`, `education_revoked`, `title_revoked`, `problem_persons`)
SELECT `agency_id`, `filled_on`, count(*), sum(`practising` = '否'), sum(`education` = '否'), sum(`title` = '否'),
  sum(`practising` = '否' AND `disclosure_cancelled`), sum(`education` = '否' AND `qualification_revoked`), sum(`title` = '否' AND `qualification_revoked`),
  sum(`practising` = '否' OR `education` = '否' OR `title` = '否')
FROM `checklist_edition_persons` GROUP BY `agency_id`, `filled_on`;
