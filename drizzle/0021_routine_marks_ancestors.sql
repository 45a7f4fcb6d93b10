-- A reporting org's measures count its whole subtree (a town's 发展党员, 参会率 … are the town's,
-- 全镇): a change in a village must also mark the rows of the town and every org above it.
-- The rows are locked in (cycle, org) order first, as the routine-score writer locks its batches, so
-- a change marking many rows and a computation storing them never wait on each other in a circle.
CREATE OR REPLACE FUNCTION routine_scores_mark(org_ids integer[], days date[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Stale or not, every change bumps `marks`: a computation running meanwhile must not store its result as current.
  WITH locked AS MATERIALIZED (
    SELECT s.cycle_id, s.org_id FROM routine_scores s
    JOIN cycles c ON c.id = s.cycle_id
    WHERE c.status <> 'closed'
      AND s.org_id IN (SELECT a.id FROM orgs o JOIN orgs a ON a.path @> o.path WHERE o.id = ANY(org_ids))
      AND (days IS NULL OR EXISTS (SELECT 1 FROM unnest(days) d WHERE d BETWEEN c.starts_on AND c.ends_on))
    ORDER BY s.cycle_id, s.org_id
    FOR UPDATE OF s
  )
  UPDATE routine_scores s SET stale = true, marks = s.marks + 1
  FROM locked l
  WHERE s.cycle_id = l.cycle_id AND s.org_id = l.org_id;
  IF FOUND THEN PERFORM pg_notify('shuping_routine', ''); END IF;
END $$;
