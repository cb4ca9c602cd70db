import { MigrationInterface, QueryRunner } from "typeorm";

export class Identity1795941369194 implements MigrationInterface {
    name = 'Identity1795941369194'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "organization" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "name_key" text NOT NULL, "country" character(2) NOT NULL, "region" text NOT NULL, "college" text NOT NULL, "membership" text, "verified" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_472c1f99a32def1b0abb219cd67" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "organization_created_idx" ON "organization"  ("created_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "organization_name_country_uq" ON "organization"  ("name_key", "country") `);
        await queryRunner.query(`CREATE TABLE "user_account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "password_hash" text, "language" text NOT NULL DEFAULT 'en', "time_zone" text, "roles" text array NOT NULL, "organization_id" uuid, "membership_confirmed" boolean NOT NULL DEFAULT false, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_56a0e4bcec2b5411beafa47ffa5" UNIQUE ("email"), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "user_account_organization_idx" ON "user_account"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "user_account_created_idx" ON "user_account"  ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "password_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4b36905cda55c809d6c39cb74f1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "password_token_user_idx" ON "password_token"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "ip" text, CONSTRAINT "UQ_f0812282fad2e352cdaf83ef0a9" UNIQUE ("token_hash"), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "refresh_token_user_idx" ON "refresh_token"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "refresh_token_family_idx" ON "refresh_token"  ("family_id") `);
        await queryRunner.query(`CREATE TABLE "security_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "action" text NOT NULL, "actor_user_id" uuid, "subject_user_id" uuid, "email" text, "ip" text, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_fb070407ce281c218223836bad4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "security_event_subject_idx" ON "security_event"  ("subject_user_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "security_event_created_idx" ON "security_event"  ("created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "user_account" ADD CONSTRAINT "FK_2d07ad97884d4a29df6503f55df" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "password_token" ADD CONSTRAINT "FK_9e8ecfe7cf983db4925e8e85593" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Audit rows are append-only, enforced by the database itself.
        await queryRunner.query(`CREATE OR REPLACE FUNCTION forbid_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER security_event_append_only BEFORE UPDATE OR DELETE ON "security_event" FOR EACH ROW EXECUTE FUNCTION forbid_mutation()`);
        await queryRunner.query(`CREATE TRIGGER security_event_no_truncate BEFORE TRUNCATE ON "security_event" FOR EACH STATEMENT EXECUTE FUNCTION forbid_mutation()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER security_event_no_truncate ON "security_event"`);
        await queryRunner.query(`DROP TRIGGER security_event_append_only ON "security_event"`);
        await queryRunner.query(`DROP FUNCTION forbid_mutation()`);
        await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4"`);
        await queryRunner.query(`ALTER TABLE "password_token" DROP CONSTRAINT "FK_9e8ecfe7cf983db4925e8e85593"`);
        await queryRunner.query(`ALTER TABLE "user_account" DROP CONSTRAINT "FK_2d07ad97884d4a29df6503f55df"`);
        await queryRunner.query(`DROP INDEX "public"."security_event_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."security_event_subject_idx"`);
        await queryRunner.query(`DROP TABLE "security_event"`);
        await queryRunner.query(`DROP INDEX "public"."refresh_token_family_idx"`);
        await queryRunner.query(`DROP INDEX "public"."refresh_token_user_idx"`);
        await queryRunner.query(`DROP TABLE "refresh_token"`);
        await queryRunner.query(`DROP INDEX "public"."password_token_user_idx"`);
        await queryRunner.query(`DROP TABLE "password_token"`);
        await queryRunner.query(`DROP INDEX "public"."user_account_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."user_account_organization_idx"`);
        await queryRunner.query(`DROP TABLE "user_account"`);
        await queryRunner.query(`DROP INDEX "public"."organization_name_country_uq"`);
        await queryRunner.query(`DROP INDEX "public"."organization_created_idx"`);
        await queryRunner.query(`DROP TABLE "organization"`);
    }

}
