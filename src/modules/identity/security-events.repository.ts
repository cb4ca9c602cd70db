import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { Page, PageQueryDto } from '../../platform/pagination/page.dto';
import { SecurityAction, SecurityEvent } from './entities/security-event.entity';

export interface SecurityEventInput {
  action: SecurityAction;
  actorUserId?: string | null;
  subjectUserId?: string | null;
  email?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class SecurityEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(event: SecurityEventInput, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO security_event (action, actor_user_id, subject_user_id, email, ip, details) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [event.action, event.actorUserId ?? null, event.subjectUserId ?? null, event.email ?? null, event.ip ?? null, JSON.stringify(event.details ?? {})],
    );
  }

  page(query: PageQueryDto & { action?: SecurityAction; userId?: string }): Promise<Page<SecurityEvent>> {
    const qb = this.dataSource.getRepository(SecurityEvent).createQueryBuilder('e');
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.userId) qb.andWhere('(e.subjectUserId = :userId OR e.actorUserId = :userId)', { userId: query.userId });
    return newestFirstPage(qb, query);
  }
}
