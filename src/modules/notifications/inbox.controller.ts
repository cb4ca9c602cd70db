import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, SignedIn } from '../../platform/auth/access.decorators';
import { ListNotificationsQueryDto, NotificationIdParamDto, NotificationPageDto, NotificationPreferencesDto, NotificationPreferencesViewDto } from './dto/notifications.dto';
import { InboxService } from './inbox.service';

@ApiTags('notifications')
@SignedIn()
@Controller('api/me')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  /** The in-app inbox, newest first, with the number unread. */
  @Get('notifications')
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.inbox.list(user.id, query);
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @Param() params: NotificationIdParamDto): Promise<void> {
    await this.inbox.markRead(user.id, params.id);
  }

  @Post('notifications/read-all')
  @HttpCode(204)
  async readAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.inbox.markAllRead(user.id);
  }

  @Get('notification-preferences')
  preferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesViewDto> {
    return this.inbox.preferences(user.id);
  }

  /** Email on or off per kind, and the daily digest. */
  @Put('notification-preferences')
  setPreferences(@CurrentUser() user: AuthUser, @Body() dto: NotificationPreferencesDto): Promise<NotificationPreferencesViewDto> {
    return this.inbox.setPreferences(user.id, dto);
  }
}
