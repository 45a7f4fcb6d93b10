ALTER TABLE "ledger_records" ADD COLUMN "present_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_records" ADD COLUMN "listed_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A record carries its attendance counted, so that the attendance rates and training hours of a
-- year of records read the records alone (the routine scores' facts joined every attendance row).
UPDATE ledger_records r SET present_count = c.present, listed_count = c.listed
FROM (SELECT record_id, held_on, count(*) FILTER (WHERE present)::int AS present, count(*)::int AS listed
      FROM ledger_attendance GROUP BY record_id, held_on) c
WHERE r.id = c.record_id AND r.held_on = c.held_on;
--> statement-breakpoint
-- The attendance of the records a statement touched is counted again. Updating the records also
-- marks their orgs' routine scores through the records' own triggers, so the attendance triggers
-- no longer mark them themselves; the records are updated even when their counts stay (a member
-- swapped for another changes their training hours, not the counts). A record deleted in the
-- same statement is gone and has marked its org itself.
-- The records are locked first, in id order: the count below then takes its snapshot after any
-- other transaction writing their attendance has committed, and so cannot leave its rows out.
CREATE FUNCTION ledger_records_count_attendance(ids integer[], days date[]) RETURNS void LANGUAGE sql AS $$
  SELECT 1 FROM ledger_records r, unnest(ids, days) AS t(id, day)
  WHERE r.id = t.id AND r.held_on = t.day
  ORDER BY r.id FOR UPDATE OF r;
  UPDATE ledger_records r SET present_count = c.present, listed_count = c.listed
  FROM (
    SELECT t.id, t.day,
           count(a.record_id) FILTER (WHERE a.present)::int AS present, count(a.record_id)::int AS listed
    FROM unnest(ids, days) AS t(id, day)
    LEFT JOIN ledger_attendance a ON a.record_id = t.id AND a.held_on = t.day
    GROUP BY t.id, t.day
  ) c
  WHERE r.id = c.id AND r.held_on = c.day;
$$;
--> statement-breakpoint
-- The attendance triggers now count rather than mark (marking follows from the records' update), so
-- they are named for what they do. A transition table exists only for the operations that have it,
-- hence one branch for each; each pair (record, day) is gathered by one array_agg per column over
-- the same rows, so they stay paired.
DROP TRIGGER routine_scores_insert ON ledger_attendance;
--> statement-breakpoint
DROP TRIGGER routine_scores_update ON ledger_attendance;
--> statement-breakpoint
DROP TRIGGER routine_scores_delete ON ledger_attendance;
--> statement-breakpoint
DROP FUNCTION routine_scores_attendance_changed();
--> statement-breakpoint
CREATE FUNCTION ledger_attendance_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[];
  days date[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(record_id), array_agg(held_on) INTO ids, days
    FROM (SELECT DISTINCT record_id, held_on FROM new_rows) t;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(record_id), array_agg(held_on) INTO ids, days
    FROM (SELECT DISTINCT record_id, held_on FROM old_rows) t;
  ELSE
    SELECT array_agg(record_id), array_agg(held_on) INTO ids, days
    FROM (SELECT record_id, held_on FROM old_rows UNION SELECT record_id, held_on FROM new_rows) t;
  END IF;
  PERFORM ledger_records_count_attendance(ids, days);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_attendance_counted_insert AFTER INSERT ON ledger_attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_attendance_changed();
--> statement-breakpoint
CREATE TRIGGER ledger_attendance_counted_update AFTER UPDATE ON ledger_attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_attendance_changed();
--> statement-breakpoint
CREATE TRIGGER ledger_attendance_counted_delete AFTER DELETE ON ledger_attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_attendance_changed();
