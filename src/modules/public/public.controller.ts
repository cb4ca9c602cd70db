import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiNotModifiedResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../../platform/auth/access.decorators';
import { FaspIdParamDto, ListOpportunitiesQueryDto, OpportunityDto, OpportunityPageDto, OrganizationSearchQueryDto, PublicOrganizationDto } from './public.dto';
import { PublicService } from './public.service';

@ApiTags('public')
@Public()
@Controller('api/public')
export class PublicController {
  constructor(private readonly publicService: PublicService) {}

  /** Published investment opportunities, public fields only; filter by region, practice, country. Cacheable (ETag). */
  @Get('opportunities')
  @ApiNotModifiedResponse({ description: 'unchanged since the ETag sent in If-None-Match' })
  async list(@Query() query: ListOpportunitiesQueryDto, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OpportunityPageDto | undefined> {
    const etag = await this.publicService.etag(JSON.stringify(query));
    if (this.cached(reply, etag, ifNoneMatch)) return undefined;
    return this.publicService.list(query);
  }

  @Get('opportunities/:faspId')
  async get(@Param() params: FaspIdParamDto, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OpportunityDto | undefined> {
    const etag = await this.publicService.etag(params.faspId);
    if (this.cached(reply, etag, ifNoneMatch)) return undefined;
    return this.publicService.get(params.faspId);
  }

  /** Verified organisations whose name contains `q`: for holders choosing theirs when registering. */
  @Get('organizations')
  organizations(@Query() query: OrganizationSearchQueryDto): Promise<PublicOrganizationDto[]> {
    return this.publicService.organizations(query.q);
  }

  private cached(reply: FastifyReply, etag: string, ifNoneMatch: string | undefined): boolean {
    void reply.header('etag', etag).header('cache-control', 'public, max-age=60');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === etag)) {
      void reply.status(304);
      return true;
    }
    return false;
  }
}
