import { MigrationInterface, QueryRunner } from "typeorm";

export class PipelineScale1795946059155 implements MigrationInterface {
    name = 'PipelineScale1795946059155'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."project_deadline_idx"`);
        await queryRunner.query(`DROP INDEX "public"."assignment_invited_due_idx"`);
        await queryRunner.query(`CREATE INDEX "project_deadline_idx" ON "project"  ("stage_deadline", "id", "stage", "call_id", "round") WHERE stage IN ('submitted', 'info_requested', 'assignment', 'review', 'consolidation', 'revision')`);
        await queryRunner.query(`ALTER TABLE "assignment" ADD "review_submitted_round" integer`);
        await queryRunner.query(`CREATE INDEX "assignment_accepted_idx" ON "assignment"  ("project_id", "id", "reviewer_id", "review_submitted_round") WHERE status = 'accepted'`);
        await queryRunner.query(`CREATE INDEX "assignment_invited_due_idx" ON "assignment"  ("respond_by", "project_id", "reviewer_id") WHERE status = 'invited'`);
        // The round of each seat's latest submitted review, kept with every change of a review (a
        // submission, a review reopened by the lead, a new round's draft): the overdue list then
        // tells a missing review from the seat's index entry, without probing the reviews.
        await queryRunner.query(`CREATE FUNCTION assignment_review_submitted_round() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    UPDATE assignment a SET review_submitted_round = (SELECT max(r.round) FROM review r WHERE r.assignment_id = a.id AND r.status = 'submitted')
                     WHERE a.id = OLD.assignment_id;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.assignment_id IS DISTINCT FROM OLD.assignment_id) THEN
                    UPDATE assignment a SET review_submitted_round = (SELECT max(r.round) FROM review r WHERE r.assignment_id = a.id AND r.status = 'submitted')
                     WHERE a.id = NEW.assignment_id;
                END IF;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER review_submitted_round_insert AFTER INSERT ON "review" FOR EACH ROW WHEN (NEW.status = 'submitted') EXECUTE FUNCTION assignment_review_submitted_round()`);
        await queryRunner.query(`CREATE TRIGGER review_submitted_round_update AFTER UPDATE OF status, round, assignment_id ON "review" FOR EACH ROW
            WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.round IS DISTINCT FROM NEW.round OR OLD.assignment_id IS DISTINCT FROM NEW.assignment_id)
            EXECUTE FUNCTION assignment_review_submitted_round()`);
        await queryRunner.query(`CREATE TRIGGER review_submitted_round_delete AFTER DELETE ON "review" FOR EACH ROW WHEN (OLD.status = 'submitted') EXECUTE FUNCTION assignment_review_submitted_round()`);
        await queryRunner.query(`UPDATE assignment a SET review_submitted_round = r.round
            FROM (SELECT assignment_id, max(round) AS round FROM review WHERE status = 'submitted' GROUP BY assignment_id) r WHERE r.assignment_id = a.id`);
        // Counters for the pipeline summary, kept by the database in the same transaction as every
        // change of a project: the projects per call for each stage, region, college, language,
        // modality, outcome, country (one per occurrence in `countries`) and reached stage, plus
        // the total (a key is NULL where the column is, e.g. no modality yet). The summary then
        // adds up a few hundred rows instead of scanning every project.
        //
        // Writers only ever append: a statement-level trigger (one aggregate per statement, not one
        // call per row) inserts the net changes of the statement into pipeline_count_delta. No
        // writer updates a shared counter row, so no transaction ever waits for another one here,
        // and none can deadlock on counters (two transitions of the same call would otherwise lock
        // the same rows in different orders). Now and then (every 1024 delta rows) a writer folds
        // the committed deltas into pipeline_count, under a try-lock so that only one folds at a
        // time and nobody waits for it. Readers add up both tables in one statement, which sees a
        // fold either entirely or not at all.
        await queryRunner.query(`CREATE TABLE "pipeline_count" ("call_id" uuid NOT NULL, "dimension" text NOT NULL, "key" text, "projects" bigint NOT NULL, CONSTRAINT "pipeline_count_uq" UNIQUE NULLS NOT DISTINCT ("call_id", "dimension", "key"))`);
        await queryRunner.query(`CREATE TABLE "pipeline_count_delta" ("id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "call_id" uuid NOT NULL, "dimension" text NOT NULL, "key" text, "projects" bigint NOT NULL)`);
        await queryRunner.query(`CREATE FUNCTION pipeline_count_keys(stage text, region text, college text, language text, modality integer, countries text[], reached_stages text[], outcome text)
            RETURNS TABLE (dimension text, key text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT 'total', NULL::text
                UNION ALL SELECT 'stage', stage
                UNION ALL SELECT 'region', region
                UNION ALL SELECT 'college', college
                UNION ALL SELECT 'language', language
                UNION ALL SELECT 'modality', modality::text
                UNION ALL SELECT 'outcome', outcome
                UNION ALL SELECT 'country', country FROM unnest(countries) AS country
                UNION ALL SELECT DISTINCT 'reached', reached FROM unnest(reached_stages) AS reached
            $$`);
        // Folding deletes what other transactions committed: only in READ COMMITTED, where that
        // never fails (the engine uses no other level; a transaction in another level skips it).
        await queryRunner.query(`CREATE FUNCTION pipeline_count_fold() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('transaction_isolation') = 'read committed' AND pg_try_advisory_xact_lock(410002015, 1) THEN
                    WITH moved AS (DELETE FROM pipeline_count_delta RETURNING call_id, dimension, key, projects)
                    INSERT INTO pipeline_count AS c (call_id, dimension, key, projects)
                    SELECT call_id, dimension, key, sum(projects) FROM moved GROUP BY 1, 2, 3 HAVING sum(projects) <> 0 ORDER BY 1, 2, 3
                    ON CONFLICT (call_id, dimension, key) DO UPDATE SET projects = c.projects + EXCLUDED.projects;
                END IF;
            END $$`);
        await queryRunner.query(`CREATE FUNCTION pipeline_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                first_id bigint;
                last_id bigint;
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    DELETE FROM pipeline_count_delta;
                    DELETE FROM pipeline_count;
                    RETURN NULL;
                ELSIF TG_OP = 'INSERT' THEN
                    WITH added AS (
                        INSERT INTO pipeline_count_delta (call_id, dimension, key, projects)
                        SELECT n.call_id, k.dimension, k.key, count(*)
                          FROM new_rows n CROSS JOIN LATERAL pipeline_count_keys(n.stage, n.region, n.college, n.language, n.modality, n.countries, n.reached_stages, n.outcome) k
                         GROUP BY 1, 2, 3
                        RETURNING id)
                    SELECT min(id), max(id) INTO first_id, last_id FROM added;
                ELSIF TG_OP = 'DELETE' THEN
                    WITH added AS (
                        INSERT INTO pipeline_count_delta (call_id, dimension, key, projects)
                        SELECT o.call_id, k.dimension, k.key, -count(*)
                          FROM old_rows o CROSS JOIN LATERAL pipeline_count_keys(o.stage, o.region, o.college, o.language, o.modality, o.countries, o.reached_stages, o.outcome) k
                         GROUP BY 1, 2, 3
                        RETURNING id)
                    SELECT min(id), max(id) INTO first_id, last_id FROM added;
                ELSE
                    -- an edit that changes none of the counted columns nets out to nothing and adds nothing
                    WITH added AS (
                        INSERT INTO pipeline_count_delta (call_id, dimension, key, projects)
                        SELECT d.call_id, d.dimension, d.key, sum(d.delta)
                          FROM (SELECT o.call_id, k.dimension, k.key, -1 AS delta
                                  FROM old_rows o CROSS JOIN LATERAL pipeline_count_keys(o.stage, o.region, o.college, o.language, o.modality, o.countries, o.reached_stages, o.outcome) k
                                UNION ALL
                                SELECT n.call_id, k.dimension, k.key, 1
                                  FROM new_rows n CROSS JOIN LATERAL pipeline_count_keys(n.stage, n.region, n.college, n.language, n.modality, n.countries, n.reached_stages, n.outcome) k) d
                         GROUP BY 1, 2, 3 HAVING sum(d.delta) <> 0
                        RETURNING id)
                    SELECT min(id), max(id) INTO first_id, last_id FROM added;
                END IF;
                IF last_id / 1024 <> (first_id - 1) / 1024 THEN
                    PERFORM pipeline_count_fold();
                END IF;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER project_pipeline_count_insert AFTER INSERT ON "project" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_count_apply()`);
        await queryRunner.query(`CREATE TRIGGER project_pipeline_count_update AFTER UPDATE ON "project" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_count_apply()`);
        await queryRunner.query(`CREATE TRIGGER project_pipeline_count_delete AFTER DELETE ON "project" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_count_apply()`);
        await queryRunner.query(`CREATE TRIGGER project_pipeline_count_truncate AFTER TRUNCATE ON "project" FOR EACH STATEMENT EXECUTE FUNCTION pipeline_count_apply()`);
        // The triggers exist (and lock the table against writes) before the existing projects are counted.
        await queryRunner.query(`INSERT INTO pipeline_count (call_id, dimension, key, projects)
            SELECT p.call_id, k.dimension, k.key, count(*)
              FROM project p CROSS JOIN LATERAL pipeline_count_keys(p.stage, p.region, p.college, p.language, p.modality, p.countries, p.reached_stages, p.outcome) k
             GROUP BY 1, 2, 3`);

        // Time in stage: exact nearest-rank percentiles need the value at a given rank among the
        // completed stays of a stage. A histogram of those stays per call, stage and duration
        // bucket (log scale, 32 buckets per factor e: about 3 % wide), kept like the counters
        // (appended deltas, folded now and then), tells in which bucket that rank falls and its
        // rank within the bucket; one short index scan of stage_stay_duration_idx (or
        // stage_stay_call_duration_idx) then reads the value itself. Stays without a duration sit
        // in the NULL bucket (counted, never ranked). NaN and infinite durations get buckets of
        // their own, in PostgreSQL's sort order.
        await queryRunner.query(`CREATE TABLE "stage_stay_histogram" ("call_id" uuid NOT NULL, "stage" text NOT NULL, "bucket" integer, "stays" bigint NOT NULL, CONSTRAINT "stage_stay_histogram_uq" UNIQUE NULLS NOT DISTINCT ("call_id", "stage", "bucket"))`);
        await queryRunner.query(`CREATE TABLE "stage_stay_histogram_delta" ("id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "call_id" uuid NOT NULL, "stage" text NOT NULL, "bucket" integer, "stays" bigint NOT NULL)`);
        await queryRunner.query(`CREATE FUNCTION stage_stay_bucket(duration double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT CASE WHEN duration IS NULL THEN NULL
                            WHEN duration = 'NaN' THEN 2147483647
                            WHEN duration = 'Infinity' THEN 2147483646
                            WHEN duration = '-Infinity' THEN -2147483648
                            WHEN duration >= 0 THEN floor(ln(1 + duration) * 32)::integer
                            ELSE -1 - floor(ln(1 - duration) * 32)::integer END
            $$`);
        // Bounds that contain every duration of a bucket (a little wider than exact, against
        // rounding): the index range of the lookup, which then checks the bucket itself.
        await queryRunner.query(`CREATE FUNCTION stage_stay_bucket_range(bucket integer, OUT low double precision, OUT high double precision) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT CASE WHEN special THEN '-Infinity' ELSE lower_bound - abs(lower_bound) * 1e-9 - 1e-6 END,
                       CASE WHEN special THEN 'NaN' ELSE upper_bound + abs(upper_bound) * 1e-9 + 1e-6 END
                  FROM (SELECT bucket >= 2147483646 OR bucket <= -2147483647 AS special) s
                 CROSS JOIN LATERAL (SELECT CASE WHEN special THEN 0 WHEN bucket >= 0 THEN exp(bucket / 32.0::double precision) - 1 ELSE 1 - exp(-bucket / 32.0::double precision) END AS lower_bound,
                                            CASE WHEN special THEN 0 WHEN bucket >= -1 THEN exp((bucket + 1) / 32.0::double precision) - 1 ELSE 1 - exp(-(bucket + 1) / 32.0::double precision) END AS upper_bound) b
            $$`);
        await queryRunner.query(`CREATE FUNCTION stage_stay_histogram_fold() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('transaction_isolation') = 'read committed' AND pg_try_advisory_xact_lock(410002015, 2) THEN
                    WITH moved AS (DELETE FROM stage_stay_histogram_delta RETURNING call_id, stage, bucket, stays)
                    INSERT INTO stage_stay_histogram AS h (call_id, stage, bucket, stays)
                    SELECT call_id, stage, bucket, sum(stays) FROM moved GROUP BY 1, 2, 3 HAVING sum(stays) <> 0 ORDER BY 1, 2, 3
                    ON CONFLICT (call_id, stage, bucket) DO UPDATE SET stays = h.stays + EXCLUDED.stays;
                END IF;
            END $$`);
        await queryRunner.query(`CREATE FUNCTION stage_stay_histogram_apply() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                first_id bigint;
                last_id bigint;
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    DELETE FROM stage_stay_histogram_delta;
                    DELETE FROM stage_stay_histogram;
                    RETURN NULL;
                ELSIF TG_OP = 'INSERT' THEN
                    WITH added AS (
                        INSERT INTO stage_stay_histogram_delta (call_id, stage, bucket, stays)
                        SELECT call_id, stage, stage_stay_bucket(duration_seconds), count(*) FROM new_rows WHERE left_at IS NOT NULL GROUP BY 1, 2, 3
                        RETURNING id)
                    SELECT min(id), max(id) INTO first_id, last_id FROM added;
                ELSIF TG_OP = 'DELETE' THEN
                    WITH added AS (
                        INSERT INTO stage_stay_histogram_delta (call_id, stage, bucket, stays)
                        SELECT call_id, stage, stage_stay_bucket(duration_seconds), -count(*) FROM old_rows WHERE left_at IS NOT NULL GROUP BY 1, 2, 3
                        RETURNING id)
                    SELECT min(id), max(id) INTO first_id, last_id FROM added;
                ELSE
                    WITH added AS (
                        INSERT INTO stage_stay_histogram_delta (call_id, stage, bucket, stays)
                        SELECT call_id, stage, bucket, sum(delta)
                          FROM (SELECT call_id, stage, stage_stay_bucket(duration_seconds) AS bucket, -1 AS delta FROM old_rows WHERE left_at IS NOT NULL
                                UNION ALL
                                SELECT call_id, stage, stage_stay_bucket(duration_seconds), 1 FROM new_rows WHERE left_at IS NOT NULL) d
                         GROUP BY 1, 2, 3 HAVING sum(delta) <> 0
                        RETURNING id)
                    SELECT min(id), max(id) INTO first_id, last_id FROM added;
                END IF;
                IF last_id / 1024 <> (first_id - 1) / 1024 THEN
                    PERFORM stage_stay_histogram_fold();
                END IF;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER stage_stay_histogram_insert AFTER INSERT ON "stage_stay" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_stay_histogram_apply()`);
        await queryRunner.query(`CREATE TRIGGER stage_stay_histogram_update AFTER UPDATE ON "stage_stay" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_stay_histogram_apply()`);
        await queryRunner.query(`CREATE TRIGGER stage_stay_histogram_delete AFTER DELETE ON "stage_stay" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_stay_histogram_apply()`);
        await queryRunner.query(`CREATE TRIGGER stage_stay_histogram_truncate AFTER TRUNCATE ON "stage_stay" FOR EACH STATEMENT EXECUTE FUNCTION stage_stay_histogram_apply()`);
        await queryRunner.query(`INSERT INTO stage_stay_histogram (call_id, stage, bucket, stays)
            SELECT call_id, stage, stage_stay_bucket(duration_seconds), count(*) FROM stage_stay WHERE left_at IS NOT NULL GROUP BY 1, 2, 3`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER stage_stay_histogram_truncate ON "stage_stay"`);
        await queryRunner.query(`DROP TRIGGER stage_stay_histogram_delete ON "stage_stay"`);
        await queryRunner.query(`DROP TRIGGER stage_stay_histogram_update ON "stage_stay"`);
        await queryRunner.query(`DROP TRIGGER stage_stay_histogram_insert ON "stage_stay"`);
        await queryRunner.query(`DROP FUNCTION stage_stay_histogram_apply()`);
        await queryRunner.query(`DROP FUNCTION stage_stay_histogram_fold()`);
        await queryRunner.query(`DROP FUNCTION stage_stay_bucket_range(integer)`);
        await queryRunner.query(`DROP FUNCTION stage_stay_bucket(double precision)`);
        await queryRunner.query(`DROP TABLE "stage_stay_histogram_delta"`);
        await queryRunner.query(`DROP TABLE "stage_stay_histogram"`);
        await queryRunner.query(`DROP TRIGGER project_pipeline_count_truncate ON "project"`);
        await queryRunner.query(`DROP TRIGGER project_pipeline_count_delete ON "project"`);
        await queryRunner.query(`DROP TRIGGER project_pipeline_count_update ON "project"`);
        await queryRunner.query(`DROP TRIGGER project_pipeline_count_insert ON "project"`);
        await queryRunner.query(`DROP FUNCTION pipeline_count_apply()`);
        await queryRunner.query(`DROP FUNCTION pipeline_count_fold()`);
        await queryRunner.query(`DROP FUNCTION pipeline_count_keys(text, text, text, text, integer, text[], text[], text)`);
        await queryRunner.query(`DROP TABLE "pipeline_count_delta"`);
        await queryRunner.query(`DROP TABLE "pipeline_count"`);
        await queryRunner.query(`DROP TRIGGER review_submitted_round_delete ON "review"`);
        await queryRunner.query(`DROP TRIGGER review_submitted_round_update ON "review"`);
        await queryRunner.query(`DROP TRIGGER review_submitted_round_insert ON "review"`);
        await queryRunner.query(`DROP FUNCTION assignment_review_submitted_round()`);
        await queryRunner.query(`DROP INDEX "public"."assignment_invited_due_idx"`);
        await queryRunner.query(`DROP INDEX "public"."assignment_accepted_idx"`);
        await queryRunner.query(`ALTER TABLE "assignment" DROP COLUMN "review_submitted_round"`);
        await queryRunner.query(`DROP INDEX "public"."project_deadline_idx"`);
        await queryRunner.query(`CREATE INDEX "assignment_invited_due_idx" ON "assignment" USING btree ("respond_by") WHERE (status = 'invited'::text)`);
        await queryRunner.query(`CREATE INDEX "project_deadline_idx" ON "project" USING btree ("stage_deadline") WHERE (stage = ANY (ARRAY['submitted'::text, 'info_requested'::text, 'assignment'::text, 'review'::text, 'consolidation'::text, 'revision'::text]))`);
    }

}
