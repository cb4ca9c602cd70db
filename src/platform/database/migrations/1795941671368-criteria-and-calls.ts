import { MigrationInterface, QueryRunner } from "typeorm";

export class CriteriaAndCalls1795941671368 implements MigrationInterface {
    name = 'CriteriaAndCalls1795941671368'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "criteria_framework" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "version" integer NOT NULL, "status" text NOT NULL DEFAULT 'draft', "definition" jsonb, "cloned_from_id" uuid, "created_by_id" uuid, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_55d776ec9dd5595b9bb1ec82982" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "criteria_framework_created_idx" ON "criteria_framework"  ("created_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "criteria_framework_key_version_uq" ON "criteria_framework"  ("key", "version") `);
        await queryRunner.query(`CREATE TABLE "call_for_projects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "year" integer NOT NULL, "description" text NOT NULL DEFAULT '', "framework_id" uuid NOT NULL, "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reviewers_per_project" integer NOT NULL DEFAULT '2', "max_rounds" integer NOT NULL DEFAULT '2', "deadlines" jsonb NOT NULL, "divergence_auto_invite" boolean NOT NULL DEFAULT false, "languages" text array NOT NULL, "modalities" integer array NOT NULL, "status" text NOT NULL DEFAULT 'draft', "opened_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b73342119a0feb228dea008b770" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "call_status_idx" ON "call_for_projects"  ("status") `);
        await queryRunner.query(`CREATE INDEX "call_created_idx" ON "call_for_projects"  ("created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "call_for_projects" ADD CONSTRAINT "FK_e6bce5521ff4d44681605b27c49" FOREIGN KEY ("framework_id") REFERENCES "criteria_framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // A published framework version is frozen: the database refuses any change to it.
        await queryRunner.query(`CREATE FUNCTION forbid_published_framework_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.status = 'published' THEN
                    RAISE EXCEPTION 'criteria framework % v% is published and cannot change', OLD.key, OLD.version USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER criteria_framework_published_immutable BEFORE UPDATE ON "criteria_framework" FOR EACH ROW EXECUTE FUNCTION forbid_published_framework_change()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER criteria_framework_published_immutable ON "criteria_framework"`);
        await queryRunner.query(`DROP FUNCTION forbid_published_framework_change()`);
        await queryRunner.query(`ALTER TABLE "call_for_projects" DROP CONSTRAINT "FK_e6bce5521ff4d44681605b27c49"`);
        await queryRunner.query(`DROP INDEX "public"."call_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."call_status_idx"`);
        await queryRunner.query(`DROP TABLE "call_for_projects"`);
        await queryRunner.query(`DROP INDEX "public"."criteria_framework_key_version_uq"`);
        await queryRunner.query(`DROP INDEX "public"."criteria_framework_created_idx"`);
        await queryRunner.query(`DROP TABLE "criteria_framework"`);
    }

}
