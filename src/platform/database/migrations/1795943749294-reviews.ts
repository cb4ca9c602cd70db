import { MigrationInterface, QueryRunner } from "typeorm";

export class Reviews1795943749294 implements MigrationInterface {
    name = 'Reviews1795943749294'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "project_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "round" integer NOT NULL, "status" text NOT NULL DEFAULT 'draft', "ratings" jsonb NOT NULL DEFAULT '{}', "overall_recommendation" text, "overall_comment" text, "confidential_notes" text, "submitted_at" TIMESTAMP WITH TIME ZONE, "late" boolean NOT NULL DEFAULT false, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2e4299a343a81574217255c00ca" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "review_project_round_idx" ON "review"  ("project_id", "round") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "review_assignment_round_uq" ON "review"  ("assignment_id", "round") `);
        await queryRunner.query(`CREATE TABLE "consolidation" ("project_id" uuid NOT NULL, "round" integer NOT NULL, "ratings" jsonb NOT NULL DEFAULT '{}', "feedback" jsonb NOT NULL DEFAULT '{}', "general" jsonb NOT NULL DEFAULT '{}', "proposed_outcome" text, "proposed_by_id" uuid, "proposed_at" TIMESTAMP WITH TIME ZONE, "released_outcome" text, "released_at" TIMESTAMP WITH TIME ZONE, "released_evaluation" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_50b7d806e723e93e896662be953" PRIMARY KEY ("project_id", "round"))`);
        await queryRunner.query(`CREATE TABLE "project_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "kind" text NOT NULL, "round" integer NOT NULL, "outcome" text NOT NULL, "language" text NOT NULL, "storage_key" text NOT NULL, "sha256" text NOT NULL, "size" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e4aab0d22ce621e3dff35e57fa7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "project_document_uq" ON "project_document"  ("project_id", "kind", "round", "outcome") `);
        await queryRunner.query(`ALTER TABLE "project" ADD "extra_reviewers" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "project" ADD "published_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "assignment" ALTER COLUMN "explanation" DROP DEFAULT`);
        await queryRunner.query(`ALTER TABLE "review" ADD CONSTRAINT "FK_86c7b2c46cd7a61d3fd26e3ef80" FOREIGN KEY ("assignment_id") REFERENCES "assignment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // A submitted review is frozen, by the database too.
        await queryRunner.query(`CREATE FUNCTION forbid_submitted_review_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.status = 'submitted' THEN
                    RAISE EXCEPTION 'review % is submitted and cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER review_submitted_frozen BEFORE UPDATE OR DELETE ON "review" FOR EACH ROW EXECUTE FUNCTION forbid_submitted_review_change()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER review_submitted_frozen ON "review"`);
        await queryRunner.query(`DROP FUNCTION forbid_submitted_review_change()`);
        await queryRunner.query(`ALTER TABLE "review" DROP CONSTRAINT "FK_86c7b2c46cd7a61d3fd26e3ef80"`);
        await queryRunner.query(`ALTER TABLE "assignment" ALTER COLUMN "explanation" SET DEFAULT '{"terms": [], "total": 0}'`);
        await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "published_at"`);
        await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "extra_reviewers"`);
        await queryRunner.query(`DROP INDEX "public"."project_document_uq"`);
        await queryRunner.query(`DROP TABLE "project_document"`);
        await queryRunner.query(`DROP TABLE "consolidation"`);
        await queryRunner.query(`DROP INDEX "public"."review_assignment_round_uq"`);
        await queryRunner.query(`DROP INDEX "public"."review_project_round_idx"`);
        await queryRunner.query(`DROP TABLE "review"`);
    }

}
