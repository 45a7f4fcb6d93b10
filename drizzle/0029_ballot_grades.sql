ALTER TABLE "ballots" ADD COLUMN "grades" smallint[];--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "grades_from" integer;--> statement-breakpoint
-- Backfill: the cells of each ballot's choices in its meeting's layout (src/domain/ballot-grades.ts).
WITH "cells" AS (
  SELECT b."id", (r."position" - 1) * jsonb_array_length(m."items") + (i."ord" - 1)::int AS "slot",
         CASE b."choices" -> r."org_id"::text ->> (i."item" ->> 'key')
           WHEN 'excellent' THEN 1 WHEN 'good' THEN 2 WHEN 'fair' THEN 3 WHEN 'poor' THEN 4 ELSE 5
         END AS "code"
    FROM "ballots" b
    JOIN "review_meetings" m ON m."id" = b."meeting_id"
    JOIN "meeting_reporters" r ON r."meeting_id" = b."meeting_id"
    CROSS JOIN LATERAL jsonb_array_elements(m."items") WITH ORDINALITY AS i("item", "ord")
   WHERE b."choices" -> r."org_id"::text ? (i."item" ->> 'key')
), "runs" AS (
  SELECT "id", min("slot") AS "lo", max("slot") AS "hi" FROM "cells" GROUP BY "id"
), "laid" AS (
  SELECT "runs"."id", "runs"."lo", array_agg(coalesce(c."code", 0)::smallint ORDER BY s) AS "grades"
    FROM "runs" CROSS JOIN LATERAL generate_series("runs"."lo", "runs"."hi") AS s
    LEFT JOIN "cells" c ON c."id" = "runs"."id" AND c."slot" = s
   GROUP BY "runs"."id", "runs"."lo"
)
UPDATE "ballots" b SET "grades" = "laid"."grades", "grades_from" = "laid"."lo" FROM "laid" WHERE "laid"."id" = b."id";--> statement-breakpoint
UPDATE "ballots" SET "grades" = '{}', "grades_from" = 0 WHERE "grades" IS NULL;--> statement-breakpoint
ALTER TABLE "ballots" ALTER COLUMN "grades" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ballots" ALTER COLUMN "grades_from" SET NOT NULL;
