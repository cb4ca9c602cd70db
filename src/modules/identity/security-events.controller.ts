import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Roles } from '../../platform/auth/access.decorators';
import { mapPage } from '../../platform/pagination/keyset';
import { PageQueryDto } from '../../platform/pagination/page.dto';
import { SecurityEventPageDto } from './dto/auth.dto';
import { SECURITY_ACTIONS, SecurityAction } from './entities/security-event.entity';
import { toSecurityEventDto } from './identity.mappers';
import { SecurityEventsRepository } from './security-events.repository';

export class ListSecurityEventsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(SECURITY_ACTIONS)
  action?: SecurityAction;

  /** events by or about this account */
  @IsOptional()
  @IsUUID('all')
  userId?: string;
}

@ApiTags('identity')
@Roles('admin')
@Controller('api/security-events')
export class SecurityEventsController {
  constructor(private readonly events: SecurityEventsRepository) {}

  /** Sign-ins (successes and failures), refresh-token reuse, role changes, deactivations: who, when, what, from which IP. */
  @Get()
  async list(@Query() query: ListSecurityEventsQueryDto): Promise<SecurityEventPageDto> {
    return mapPage(await this.events.page(query), toSecurityEventDto);
  }
}
