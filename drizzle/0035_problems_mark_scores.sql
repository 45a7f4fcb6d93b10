-- The scheme's automatic indicators read the problem list (overdueProblems, problemClosureRate):
-- filing, closing, reopening, extending or merging an item stales the routine scores of its org
-- and every org above it, as a 软弱涣散整顿 record does.
CREATE TRIGGER routine_scores_insert AFTER INSERT ON problems REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routine_scores_org_rows_changed();
--> statement-breakpoint
CREATE TRIGGER routine_scores_update AFTER UPDATE ON problems REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routine_scores_org_rows_changed();
--> statement-breakpoint
CREATE TRIGGER routine_scores_delete AFTER DELETE ON problems REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION routine_scores_org_rows_changed();
