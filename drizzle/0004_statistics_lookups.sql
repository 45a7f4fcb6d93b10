CREATE INDEX "member_transfers_transferred_on_idx" ON "member_transfers" USING btree ("transferred_on");--> statement-breakpoint
-- The subtree totals a change can affect are those of the changed orgs' ancestors, and an org's path
-- lists exactly those: its ancestors' ids and its own, root first (src/domain/org-tree.ts). Reading
-- them off the paths replaces migration 0002's search of every org for an ancestor path, which cost
-- a pass over the orgs (about 10 ms at 50 000 orgs) on every write to the registry.
CREATE OR REPLACE FUNCTION statistics_invalidate_paths(paths ltree[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(paths) > 0 THEN
    PERFORM pg_advisory_xact_lock_shared(7420612);
    DELETE FROM statistics_subtree_totals
    WHERE org_id IN (SELECT label::int FROM unnest(paths) p, unnest(string_to_array(p::text, '.')) label);
  END IF;
END $$;
