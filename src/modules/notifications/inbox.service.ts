import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundException } from '../../platform/errors/domain-exception';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { NOTIFICATION_KIND_NAMES } from './catalogue';
import { ListNotificationsQueryDto, NotificationPageDto, NotificationPreferencesDto, NotificationPreferencesViewDto } from './dto/notifications.dto';
import { NotificationPreference } from './entities/notification-preference.entity';
import { Notification } from './entities/notification.entity';

/** A person's in-app inbox and email preferences: always their own, never anyone else's. */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, with the number unread. */
  async list(userId: string, query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (query.unread) qb.andWhere('n.readAt IS NULL');
    const page = await newestFirstPage(qb, query);
    return {
      items: page.items.map((item) => ({
        id: item.id,
        kind: item.kind,
        title: item.title,
        body: item.body,
        link: item.link,
        createdAt: item.createdAt.toISOString(),
        readAt: item.readAt?.toISOString() ?? null,
      })),
      nextCursor: page.nextCursor,
      unreadCount: await this.unreadCount(userId),
    };
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return n;
  }

  /** Marks one read (the first time only) and answers its link; another person's is not found. */
  async markRead(userId: string, id: string): Promise<{ link: string | null }> {
    const [rows] = await this.dataSource.query<[Array<{ link: string | null }>, number]>(
      'UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING link',
      [id, userId],
    );
    if (rows.length === 0) throw new NotFoundException('Notification');
    return { link: rows[0].link };
  }

  async markAllRead(userId: string): Promise<void> {
    await this.dataSource.query('UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]);
  }

  async preferences(userId: string): Promise<NotificationPreferencesViewDto> {
    const preference = await this.dataSource.getRepository(NotificationPreference).findOneBy({ userId });
    return { emailDisabled: preference?.emailDisabled ?? [], digest: preference?.digest ?? true, kinds: NOTIFICATION_KIND_NAMES };
  }

  /** Email on or off per kind, and the daily digest (kept as it was when not given). */
  async setPreferences(userId: string, dto: NotificationPreferencesDto): Promise<NotificationPreferencesViewDto> {
    const repo = this.dataSource.getRepository(NotificationPreference);
    const current = await repo.findOneBy({ userId });
    await repo.upsert({ userId, emailDisabled: dto.emailDisabled, digest: dto.digest ?? current?.digest ?? true }, ['userId']);
    return this.preferences(userId);
  }
}
