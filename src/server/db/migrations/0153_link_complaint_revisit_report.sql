-- SVC-8 / REL-7: a complaint's follow-up (回访) is kept as a revisit report (客户回访报告表); the
-- complaint names the report it filed. A complaint from someone not yet filed keeps its follow-up on
-- the complaint and files the report when it is linked to an archive.
ALTER TABLE complaints ADD COLUMN revisit_report_id bigint REFERENCES revisit_reports (id);
