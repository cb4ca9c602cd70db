import { MigrationInterface, QueryRunner } from "typeorm";

export class Notifications1795944319680 implements MigrationInterface {
    name = 'Notifications1795944319680'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "email_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "email" text NOT NULL, "kind" text NOT NULL, "event_key" text NOT NULL, "language" text NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "html" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "message_id" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a39c05a113fa6130d51558e809a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "email_delivery_status_idx" ON "email_delivery"  ("status", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "email_delivery_event_user_uq" ON "email_delivery"  ("event_key", "user_id") `);
        await queryRunner.query(`CREATE TABLE "notification_preference" ("user_id" uuid NOT NULL, "email_disabled" text array NOT NULL DEFAULT '{}', "digest" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ff040d2d2e35c49b00525783829" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" text NOT NULL, "event_key" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "link" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "notification_user_created_idx" ON "notification"  ("user_id", "created_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "notification_event_user_uq" ON "notification"  ("event_key", "user_id") `);
        await queryRunner.query(`CREATE TABLE "reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "kind" text NOT NULL, "project_id" uuid NOT NULL, "assignment_id" uuid, "user_id" uuid, "audience" text, "stage" text NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'pending', "fired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "reminder_project_idx" ON "reminder"  ("project_id") `);
        await queryRunner.query(`CREATE INDEX "reminder_pending_idx" ON "reminder"  ("due_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "reminder_key_uq" ON "reminder"  ("key") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."reminder_key_uq"`);
        await queryRunner.query(`DROP INDEX "public"."reminder_pending_idx"`);
        await queryRunner.query(`DROP INDEX "public"."reminder_project_idx"`);
        await queryRunner.query(`DROP TABLE "reminder"`);
        await queryRunner.query(`DROP INDEX "public"."notification_event_user_uq"`);
        await queryRunner.query(`DROP INDEX "public"."notification_user_created_idx"`);
        await queryRunner.query(`DROP TABLE "notification"`);
        await queryRunner.query(`DROP TABLE "notification_preference"`);
        await queryRunner.query(`DROP INDEX "public"."email_delivery_event_user_uq"`);
        await queryRunner.query(`DROP INDEX "public"."email_delivery_status_idx"`);
        await queryRunner.query(`DROP TABLE "email_delivery"`);
    }

}
