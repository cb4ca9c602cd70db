import { MigrationInterface, QueryRunner } from "typeorm";

export class Assignment1795942909174 implements MigrationInterface {
    name = 'Assignment1795942909174'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "call_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "role" text NOT NULL, "status" text NOT NULL DEFAULT 'invited', "source" text NOT NULL, "run_id" uuid, "explanation" jsonb NOT NULL DEFAULT '{"total":0,"terms":[]}', "respond_by" TIMESTAMP WITH TIME ZONE NOT NULL, "responded_at" TIMESTAMP WITH TIME ZONE, "decline_reason" text, "assigned_by_id" uuid, "note" text, "conflict_overridden" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_43c2f5a3859f54cedafb270f37e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "assignment_active_uq" ON "assignment"  ("project_id", "reviewer_id") WHERE status IN ('invited', 'accepted', 'completed')`);
        await queryRunner.query(`CREATE INDEX "assignment_reviewer_idx" ON "assignment"  ("reviewer_id", "status") `);
        await queryRunner.query(`CREATE INDEX "assignment_project_idx" ON "assignment"  ("project_id", "status") `);
        await queryRunner.query(`CREATE TABLE "assignment_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'queued', "trigger" text NOT NULL, "requested_by_id" uuid, "project_ids" uuid array, "result" jsonb, "error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_187694c598d8ad884b51ee86947" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "assignment_run_call_idx" ON "assignment_run"  ("call_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "assignment_run_queued_uq" ON "assignment_run"  ("call_id") WHERE status = 'queued'`);
        await queryRunner.query(`CREATE TABLE "reviewer_profile" ("user_id" uuid NOT NULL, "stc_member" boolean NOT NULL DEFAULT false, "languages" text array NOT NULL DEFAULT '{}', "practices" text array NOT NULL DEFAULT '{}', "land_uses" text array NOT NULL DEFAULT '{}', "disciplines" text array NOT NULL DEFAULT '{}', "criteria_focus" text array NOT NULL DEFAULT '{}', "regions" text array NOT NULL DEFAULT '{}', "countries" text array NOT NULL DEFAULT '{}', "capacity_per_call" integer NOT NULL DEFAULT '4', "available" boolean NOT NULL DEFAULT true, "conflict_organization_ids" uuid array NOT NULL DEFAULT '{}', "conflict_person_emails" text array NOT NULL DEFAULT '{}', "conflict_project_ids" uuid array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d34b8f44042c8a5268bdb2226ae" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`ALTER TABLE "assignment" ADD CONSTRAINT "FK_38b63bf01a17d03e04b78d05773" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assignment" ADD CONSTRAINT "FK_821831b4c974cb1c4fbecd41b3d" FOREIGN KEY ("reviewer_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviewer_profile" ADD CONSTRAINT "FK_d34b8f44042c8a5268bdb2226ae" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviewer_profile" DROP CONSTRAINT "FK_d34b8f44042c8a5268bdb2226ae"`);
        await queryRunner.query(`ALTER TABLE "assignment" DROP CONSTRAINT "FK_821831b4c974cb1c4fbecd41b3d"`);
        await queryRunner.query(`ALTER TABLE "assignment" DROP CONSTRAINT "FK_38b63bf01a17d03e04b78d05773"`);
        await queryRunner.query(`DROP TABLE "reviewer_profile"`);
        await queryRunner.query(`DROP INDEX "public"."assignment_run_queued_uq"`);
        await queryRunner.query(`DROP INDEX "public"."assignment_run_call_idx"`);
        await queryRunner.query(`DROP TABLE "assignment_run"`);
        await queryRunner.query(`DROP INDEX "public"."assignment_project_idx"`);
        await queryRunner.query(`DROP INDEX "public"."assignment_reviewer_idx"`);
        await queryRunner.query(`DROP INDEX "public"."assignment_active_uq"`);
        await queryRunner.query(`DROP TABLE "assignment"`);
    }

}
