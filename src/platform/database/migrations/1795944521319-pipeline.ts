import { MigrationInterface, QueryRunner } from "typeorm";

export class Pipeline1795944521319 implements MigrationInterface {
    name = 'Pipeline1795944521319'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stage_stay" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "project_id" uuid NOT NULL, "call_id" uuid NOT NULL, "stage" text NOT NULL, "entered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "left_at" TIMESTAMP WITH TIME ZONE, "duration_seconds" double precision, CONSTRAINT "PK_4b918e26b2c2213a74c83e87120" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "stage_stay_call_duration_idx" ON "stage_stay"  ("call_id", "stage", "duration_seconds") WHERE left_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "stage_stay_duration_idx" ON "stage_stay"  ("stage", "duration_seconds") WHERE left_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "stage_stay_open_idx" ON "stage_stay"  ("project_id") WHERE left_at IS NULL`);
        await queryRunner.query(`ALTER TABLE "project" ADD "reached_stages" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`CREATE INDEX "project_deadline_idx" ON "project"  ("stage_deadline") WHERE stage IN ('submitted', 'info_requested', 'assignment', 'review', 'consolidation', 'revision')`);
        await queryRunner.query(`CREATE INDEX "assignment_call_reviewer_idx" ON "assignment"  ("call_id", "reviewer_id") `);
        await queryRunner.query(`CREATE INDEX "assignment_invited_due_idx" ON "assignment"  ("respond_by") WHERE status = 'invited'`);
        // Existing projects: their stays and reached stages, derived from the history written so far.
        await queryRunner.query(`INSERT INTO stage_stay (project_id, call_id, stage, entered_at, left_at, duration_seconds)
            SELECT h.project_id, p.call_id, h.to_stage, h.at, h.left_at, EXTRACT(EPOCH FROM h.left_at - h.at)
              FROM (SELECT project_id, to_stage, at, lead(at) OVER (PARTITION BY project_id ORDER BY id) AS left_at
                      FROM project_history WHERE from_stage IS DISTINCT FROM to_stage) h
              JOIN project p ON p.id = h.project_id`);
        await queryRunner.query(`UPDATE project p SET reached_stages = ARRAY(SELECT DISTINCT to_stage FROM project_history WHERE project_id = p.id)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."assignment_invited_due_idx"`);
        await queryRunner.query(`DROP INDEX "public"."assignment_call_reviewer_idx"`);
        await queryRunner.query(`DROP INDEX "public"."project_deadline_idx"`);
        await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "reached_stages"`);
        await queryRunner.query(`DROP INDEX "public"."stage_stay_open_idx"`);
        await queryRunner.query(`DROP INDEX "public"."stage_stay_duration_idx"`);
        await queryRunner.query(`DROP INDEX "public"."stage_stay_call_duration_idx"`);
        await queryRunner.query(`DROP TABLE "stage_stay"`);
    }

}
