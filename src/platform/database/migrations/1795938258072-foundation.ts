import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1795938258072 implements MigrationInterface {
    name = 'Foundation1795938258072'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox" ("id" uuid NOT NULL, "queue" text NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dedupe_key" text, "correlation_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "failed_attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "UQ_52c6221ea953d3acd726ca982d6" UNIQUE ("dedupe_key"), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outbox_dispatched_idx" ON "outbox"  ("dispatched_at") WHERE dispatched_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox"  ("created_at") WHERE dispatched_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."outbox_pending_idx"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_dispatched_idx"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
    }

}
