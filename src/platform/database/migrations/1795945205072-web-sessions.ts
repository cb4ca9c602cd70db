import { MigrationInterface, QueryRunner } from "typeorm";

export class WebSessions1795945205072 implements MigrationInterface {
    name = 'WebSessions1795945205072'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "web_session" ("token_hash" bytea NOT NULL, "user_id" uuid NOT NULL, "csrf_token" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6b31e2dd0663686ae0534a20618" PRIMARY KEY ("token_hash"))`);
        await queryRunner.query(`CREATE INDEX "web_session_user_idx" ON "web_session"  ("user_id") `);
        await queryRunner.query(`ALTER TABLE "web_session" ADD CONSTRAINT "FK_a31729df9a76c8979b283bffd6e" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "web_session" DROP CONSTRAINT "FK_a31729df9a76c8979b283bffd6e"`);
        await queryRunner.query(`DROP INDEX "public"."web_session_user_idx"`);
        await queryRunner.query(`DROP TABLE "web_session"`);
    }

}
