import { MigrationInterface, QueryRunner } from "typeorm";

export class Projects1795942616580 implements MigrationInterface {
    name = 'Projects1795942616580'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "fasp_id_counter" ("year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_b6f0b615134cf0f89e8d0adad70" PRIMARY KEY ("year"))`);
        await queryRunner.query(`CREATE TABLE "project" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "fasp_id" text, "stage" text NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "round" integer NOT NULL DEFAULT '1', "holder_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "region" text NOT NULL, "college" text NOT NULL, "title" text NOT NULL, "language" text NOT NULL, "modality" integer, "countries" text array NOT NULL DEFAULT '{}', "dossier" jsonb NOT NULL DEFAULT '{}', "statements" jsonb NOT NULL DEFAULT '{}', "consent_to_publish" boolean NOT NULL DEFAULT false, "publish_budget" boolean NOT NULL DEFAULT false, "stage_entered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stage_deadline" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "outcome" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_260f431d6860cbff88a307e8c31" UNIQUE ("fasp_id"), CONSTRAINT "PK_4d68b1358bb5b766d3e78f32f57" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "project_college_idx" ON "project"  ("college", "stage") `);
        await queryRunner.query(`CREATE INDEX "project_region_idx" ON "project"  ("region", "stage") `);
        await queryRunner.query(`CREATE INDEX "project_created_idx" ON "project"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "project_holder_idx" ON "project"  ("holder_id") `);
        await queryRunner.query(`CREATE INDEX "project_organization_created_idx" ON "project"  ("organization_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "project_stage_created_idx" ON "project"  ("stage", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "project_call_created_idx" ON "project"  ("call_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "project_attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "kind" text NOT NULL, "filename" text NOT NULL, "media_type" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "storage_key" text NOT NULL, "uploaded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_71b055fb44def54588c18509b46" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "project_attachment_project_idx" ON "project_attachment"  ("project_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "project_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "project_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_role" text NOT NULL, "action" text NOT NULL, "from_stage" text, "to_stage" text NOT NULL, "reason" text, "version" integer NOT NULL, "round" integer NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_ebb2afe7b38faa45844bfa91211" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "project_history_at_idx" ON "project_history"  ("at") `);
        await queryRunner.query(`CREATE INDEX "project_history_project_idx" ON "project_history"  ("project_id", "id") `);
        await queryRunner.query(`CREATE TABLE "project_version" ("project_id" uuid NOT NULL, "number" integer NOT NULL, "round" integer NOT NULL, "action" text NOT NULL, "created_by_id" uuid, "snapshot" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fd214fdf9bca8f7adf9267b005f" PRIMARY KEY ("project_id", "number"))`);
        await queryRunner.query(`DROP INDEX "public"."organization_created_idx"`);
        await queryRunner.query(`ALTER TABLE "organization" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`DROP INDEX "public"."user_account_created_idx"`);
        await queryRunner.query(`ALTER TABLE "user_account" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`DROP INDEX "public"."security_event_subject_idx"`);
        await queryRunner.query(`DROP INDEX "public"."security_event_created_idx"`);
        await queryRunner.query(`ALTER TABLE "security_event" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`DROP INDEX "public"."criteria_framework_created_idx"`);
        await queryRunner.query(`ALTER TABLE "criteria_framework" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`DROP INDEX "public"."call_created_idx"`);
        await queryRunner.query(`ALTER TABLE "call_for_projects" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "organization_created_idx" ON "organization"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "user_account_created_idx" ON "user_account"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "security_event_subject_idx" ON "security_event"  ("subject_user_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "security_event_created_idx" ON "security_event"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "criteria_framework_created_idx" ON "criteria_framework"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "call_created_idx" ON "call_for_projects"  ("created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "project" ADD CONSTRAINT "FK_52cd046eb5ff94e94ab90f6de5a" FOREIGN KEY ("call_id") REFERENCES "call_for_projects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "project" ADD CONSTRAINT "FK_6b6bfca0c03625402768359470b" FOREIGN KEY ("holder_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "project" ADD CONSTRAINT "FK_e4616ee32e66481cf9b9f1a6466" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "project_attachment" ADD CONSTRAINT "FK_76906b2d1e98b5db7b389538ba5" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "project_history" ADD CONSTRAINT "FK_fba27c15eca183d4a3af4915735" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "project_version" ADD CONSTRAINT "FK_2ffeb709a46febd677fee6a29d4" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // The audit trail of a project is append-only, enforced by the database itself.
        await queryRunner.query(`CREATE TRIGGER project_history_append_only BEFORE UPDATE OR DELETE ON "project_history" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
        await queryRunner.query(`CREATE TRIGGER project_history_no_truncate BEFORE TRUNCATE ON "project_history" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);
        // So are frozen dossier versions.
        await queryRunner.query(`CREATE TRIGGER project_version_append_only BEFORE UPDATE OR DELETE ON "project_version" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
        // Word search in titles (GET /api/projects?q=), declared on the entity with synchronize: false.
        await queryRunner.query(`CREATE INDEX "project_title_search_idx" ON "project" USING gin (to_tsvector('simple', "title"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "project_title_search_idx"`);
        await queryRunner.query(`DROP TRIGGER project_version_append_only ON "project_version"`);
        await queryRunner.query(`DROP TRIGGER project_history_no_truncate ON "project_history"`);
        await queryRunner.query(`DROP TRIGGER project_history_append_only ON "project_history"`);
        await queryRunner.query(`ALTER TABLE "project_version" DROP CONSTRAINT "FK_2ffeb709a46febd677fee6a29d4"`);
        await queryRunner.query(`ALTER TABLE "project_history" DROP CONSTRAINT "FK_fba27c15eca183d4a3af4915735"`);
        await queryRunner.query(`ALTER TABLE "project_attachment" DROP CONSTRAINT "FK_76906b2d1e98b5db7b389538ba5"`);
        await queryRunner.query(`ALTER TABLE "project" DROP CONSTRAINT "FK_e4616ee32e66481cf9b9f1a6466"`);
        await queryRunner.query(`ALTER TABLE "project" DROP CONSTRAINT "FK_6b6bfca0c03625402768359470b"`);
        await queryRunner.query(`ALTER TABLE "project" DROP CONSTRAINT "FK_52cd046eb5ff94e94ab90f6de5a"`);
        await queryRunner.query(`DROP INDEX "public"."call_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."criteria_framework_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."security_event_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."security_event_subject_idx"`);
        await queryRunner.query(`DROP INDEX "public"."user_account_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."organization_created_idx"`);
        await queryRunner.query(`ALTER TABLE "call_for_projects" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "call_created_idx" ON "call_for_projects" USING btree ("id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "criteria_framework" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "criteria_framework_created_idx" ON "criteria_framework" USING btree ("id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "security_event" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "security_event_created_idx" ON "security_event" USING btree ("id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "security_event_subject_idx" ON "security_event" USING btree ("created_at", "subject_user_id") `);
        await queryRunner.query(`ALTER TABLE "user_account" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "user_account_created_idx" ON "user_account" USING btree ("id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "organization" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "organization_created_idx" ON "organization" USING btree ("id", "created_at") `);
        await queryRunner.query(`DROP TABLE "project_version"`);
        await queryRunner.query(`DROP INDEX "public"."project_history_project_idx"`);
        await queryRunner.query(`DROP INDEX "public"."project_history_at_idx"`);
        await queryRunner.query(`DROP TABLE "project_history"`);
        await queryRunner.query(`DROP INDEX "public"."project_attachment_project_idx"`);
        await queryRunner.query(`DROP TABLE "project_attachment"`);
        await queryRunner.query(`DROP INDEX "public"."project_call_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."project_stage_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."project_organization_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."project_holder_idx"`);
        await queryRunner.query(`DROP INDEX "public"."project_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."project_region_idx"`);
        await queryRunner.query(`DROP INDEX "public"."project_college_idx"`);
        await queryRunner.query(`DROP TABLE "project"`);
        await queryRunner.query(`DROP TABLE "fasp_id_counter"`);
    }

}
