import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface Recipient {
  id: string;
  name: string;
  email: string;
  language: 'en' | 'fr' | 'es';
  timeZone: string | null;
}

const COLUMNS = `u.id, u.name, u.email, u.language, u.time_zone AS "timeZone"`;

/** Who is concerned by a project: its holder's side, its reviewers, the secretariat. */
@Injectable()
export class RecipientsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  users(ids: string[], manager?: EntityManager): Promise<Recipient[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.m(manager).query(`SELECT ${COLUMNS} FROM user_account u WHERE u.id = ANY($1) AND u.active`, [ids]);
  }

  /** The holder who created the project and the confirmed members of its organisation who are holders. */
  holderSide(projectId: string, manager?: EntityManager): Promise<Recipient[]> {
    return this.m(manager).query(
      `SELECT ${COLUMNS} FROM user_account u JOIN project p ON p.id = $1
        WHERE u.active AND (u.id = p.holder_id OR (u.organization_id = p.organization_id AND u.membership_confirmed AND 'holder' = ANY(u.roles)))
        ORDER BY u.id`,
      [projectId],
    );
  }

  secretariat(manager?: EntityManager): Promise<Recipient[]> {
    return this.m(manager).query(`SELECT ${COLUMNS} FROM user_account u WHERE u.active AND 'secretariat' = ANY(u.roles) ORDER BY u.id`);
  }

  /** Reviewers holding an accepted (or completed) seat; `leadOnly` for the lead. */
  reviewers(projectId: string, leadOnly = false, manager?: EntityManager): Promise<Recipient[]> {
    return this.m(manager).query(
      `SELECT ${COLUMNS} FROM user_account u JOIN assignment a ON a.reviewer_id = u.id
        WHERE a.project_id = $1 AND a.status IN ('accepted', 'completed') AND u.active ${leadOnly ? "AND a.role = 'lead'" : ''}
        ORDER BY u.id`,
      [projectId],
    );
  }
}
