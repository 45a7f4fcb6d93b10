ALTER TABLE "routine_scores" ALTER COLUMN "sheet" SET DATA TYPE json;--> statement-breakpoint
-- A cycle's sheets are rewritten whole by every recompute and read whole: compressing ~7 KB of
-- JSON per org cost more CPU at each store than the disk it saved on this derived table.
ALTER TABLE "routine_scores" ALTER COLUMN "sheet" SET STORAGE EXTERNAL;
