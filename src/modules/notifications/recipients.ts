import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface Recipient {
  id: string;
  name: string;
  email: string;
  language: 'en' | 'fr' | 'es';
  timeZone: string | null;
  /** the kinds of notification they turned off by email */
  emailDisabled: string[];
}

/** The person's columns, with their preferences joined as `np`. */
const COLUMNS = `u.id, u.name, u.email, u.language, u.time_zone AS "timeZone", COALESCE(np.email_disabled, '{}') AS "emailDisabled"`;
const PREFERENCES = 'LEFT JOIN notification_preference np ON np.user_id = u.id';

/** Who is concerned by a project: its holder's side, its reviewers, the secretariat. */
@Injectable()
export class RecipientsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  users(ids: string[], manager?: EntityManager): Promise<Recipient[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.m(manager).query(`SELECT ${COLUMNS} FROM user_account u ${PREFERENCES} WHERE u.id = ANY($1) AND u.active`, [ids]);
  }

  /** The holder who created the project and the confirmed members of its organisation who are holders. */
  async holderSide(projectId: string, manager?: EntityManager): Promise<Recipient[]> {
    return (await this.holderSides([projectId], manager)).get(projectId) ?? [];
  }

  /** `holderSide` of several projects in one query, by project id. */
  async holderSides(projectIds: readonly string[], manager?: EntityManager): Promise<Map<string, Recipient[]>> {
    const rows = await this.m(manager).query<Array<Recipient & { projectId: string }>>(
      `SELECT p.id AS "projectId", ${COLUMNS} FROM project p JOIN user_account u
           ON u.active AND (u.id = p.holder_id OR (u.organization_id = p.organization_id AND u.membership_confirmed AND 'holder' = ANY(u.roles)))
        ${PREFERENCES}
        WHERE p.id = ANY($1::uuid[])
        ORDER BY p.id, u.id`,
      [projectIds],
    );
    return byProject(rows);
  }

  secretariat(manager?: EntityManager): Promise<Recipient[]> {
    return this.m(manager).query(`SELECT ${COLUMNS} FROM user_account u ${PREFERENCES} WHERE u.active AND 'secretariat' = ANY(u.roles) ORDER BY u.id`);
  }

  /** Reviewers holding an accepted (or completed) seat; `leadOnly` for the lead. */
  async reviewers(projectId: string, leadOnly = false, manager?: EntityManager): Promise<Recipient[]> {
    return (await this.reviewersOf([projectId], leadOnly, manager)).get(projectId) ?? [];
  }

  /** `reviewers` of several projects in one query, by project id. */
  async reviewersOf(projectIds: readonly string[], leadOnly = false, manager?: EntityManager): Promise<Map<string, Recipient[]>> {
    const rows = await this.m(manager).query<Array<Recipient & { projectId: string }>>(
      `SELECT a.project_id AS "projectId", ${COLUMNS} FROM user_account u JOIN assignment a ON a.reviewer_id = u.id ${PREFERENCES}
        WHERE a.project_id = ANY($1::uuid[]) AND a.status IN ('accepted', 'completed') AND u.active ${leadOnly ? "AND a.role = 'lead'" : ''}
        ORDER BY a.project_id, u.id`,
      [projectIds],
    );
    return byProject(rows);
  }
}

function byProject(rows: Array<Recipient & { projectId: string }>): Map<string, Recipient[]> {
  const grouped = new Map<string, Recipient[]>();
  for (const { projectId, ...recipient } of rows) {
    const list = grouped.get(projectId) ?? [];
    list.push(recipient);
    grouped.set(projectId, list);
  }
  return grouped;
}
