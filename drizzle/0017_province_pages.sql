ALTER TABLE "statistics_subtree_totals" ADD COLUMN "extras" jsonb;--> statement-breakpoint
CREATE INDEX "members_list_order_idx" ON "members" USING btree ("org_path","name","id");--> statement-breakpoint
-- Contact points and pairings count only in the 基本情况's extra figures, kept with the subtree
-- totals of every ancestor of their org: a change deletes those rows (under the cache lock, as every
-- statistics trigger does); the per-org counts do not read them.
CREATE FUNCTION statistics_org_extras_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM statistics_invalidate_paths(array(SELECT path FROM orgs WHERE id IN (SELECT org_id FROM old_rows)));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM statistics_invalidate_paths(array(SELECT path FROM orgs WHERE id IN (SELECT org_id FROM new_rows)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statistics_insert AFTER INSERT ON contact_points REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_extras_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_update AFTER UPDATE ON contact_points REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_extras_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_delete AFTER DELETE ON contact_points REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_extras_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_truncate AFTER TRUNCATE ON contact_points FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated();
--> statement-breakpoint
CREATE TRIGGER statistics_insert AFTER INSERT ON pairings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_extras_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_update AFTER UPDATE ON pairings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_extras_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_delete AFTER DELETE ON pairings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_org_extras_changed();
--> statement-breakpoint
CREATE TRIGGER statistics_truncate AFTER TRUNCATE ON pairings FOR EACH STATEMENT EXECUTE FUNCTION statistics_truncated();
