import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, SignedIn } from '../../platform/auth/access.decorators';
import { NotFoundException } from '../../platform/errors/domain-exception';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { NOTIFICATION_KIND_NAMES } from './catalogue';
import { ListNotificationsQueryDto, NotificationIdParamDto, NotificationPageDto, NotificationPreferencesDto, NotificationPreferencesViewDto } from './dto/notifications.dto';
import { NotificationPreference } from './entities/notification-preference.entity';
import { Notification } from './entities/notification.entity';

@ApiTags('notifications')
@SignedIn()
@Controller('api/me')
export class InboxController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The in-app inbox, newest first, with the number unread. */
  @Get('notifications')
  async list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.userId = :userId', { userId: user.id });
    if (query.unread) qb.andWhere('n.readAt IS NULL');
    const page = await newestFirstPage(qb, query);
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL', [user.id]);
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
      unreadCount: n,
    };
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @Param() params: NotificationIdParamDto): Promise<void> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      'UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2',
      [params.id, user.id],
    );
    if (affected === 0) throw new NotFoundException('Notification');
  }

  @Post('notifications/read-all')
  @HttpCode(204)
  async readAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.dataSource.query('UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [user.id]);
  }

  @Get('notification-preferences')
  async preferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesViewDto> {
    const preference = await this.dataSource.getRepository(NotificationPreference).findOneBy({ userId: user.id });
    return { emailDisabled: preference?.emailDisabled ?? [], digest: preference?.digest ?? true, kinds: NOTIFICATION_KIND_NAMES };
  }

  /** Email on or off per kind, and the daily digest. */
  @Put('notification-preferences')
  async setPreferences(@CurrentUser() user: AuthUser, @Body() dto: NotificationPreferencesDto): Promise<NotificationPreferencesViewDto> {
    const repo = this.dataSource.getRepository(NotificationPreference);
    const current = await repo.findOneBy({ userId: user.id });
    await repo.upsert({ userId: user.id, emailDisabled: dto.emailDisabled, digest: dto.digest ?? current?.digest ?? true }, ['userId']);
    return this.preferences(user);
  }
}
