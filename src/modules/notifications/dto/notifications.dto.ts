import { ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { QueryBoolean } from '../../../platform/validation/field-transforms';
import { PageQueryDto } from '../../../platform/pagination/page.dto';
import { NOTIFICATION_KIND_NAMES } from '../catalogue';

export class ListNotificationsQueryDto extends PageQueryDto {
  /** only the unread ones */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class NotificationIdParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class NotificationPreferencesDto {
  /** kinds you do not want by email (security mail, such as password reset, is always sent) */
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTIFICATION_KIND_NAMES, { each: true, message: `emailDisabled must list notification kinds: ${NOTIFICATION_KIND_NAMES.join(', ')}` })
  emailDisabled: string[];

  /** the secretariat's daily summary */
  @IsOptional()
  @IsBoolean()
  digest?: boolean;
}

export class NotificationDto {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export class NotificationPageDto {
  items: NotificationDto[];
  nextCursor: string | null;
  unreadCount: number;
}

export class NotificationPreferencesViewDto {
  emailDisabled: string[];
  digest: boolean;
  /** every kind there is, for a preferences screen */
  kinds: string[];
}
