import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Roles } from '../../platform/auth/access.decorators';
import { ExportService } from './export.service';
import { CallQueryDto, OverdueListDto, PipelineQueryDto, PipelineSummaryDto, ReviewerWorkloadDto } from './pipeline.dto';
import { PipelineService } from './pipeline.service';

@ApiTags('pipeline')
@Roles('secretariat', 'admin')
@Controller('api/pipeline')
export class PipelineController {
  constructor(
    private readonly pipeline: PipelineService,
    private readonly exports: ExportService,
  ) {}

  /** Counts by stage and by region, college, country, language, modality; the funnel; time in stage; overdue counts. */
  @Get('summary')
  summary(@Query() query: PipelineQueryDto): Promise<PipelineSummaryDto> {
    return this.pipeline.summary(query);
  }

  /** Projects, invitations and reviews past their deadline, with who must act, the longest overdue first. */
  @Get('overdue')
  overdue(@Query() query: CallQueryDto): Promise<OverdueListDto> {
    return this.pipeline.overdue(query);
  }

  /** Reviewer workload and timeliness, per call. */
  @Get('reviewers')
  reviewers(@Query() query: CallQueryDto): Promise<ReviewerWorkloadDto[]> {
    return this.pipeline.reviewers(query);
  }

  /** One row per project (UTF-8 with BOM, RFC 4180), streamed. */
  @Get('export.csv')
  @ApiProduces('text/csv')
  async export(@Query() query: CallQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const stream = await this.exports.projectsCsv(query.callId);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="fasp-pipeline${query.callId ? `-${query.callId}` : ''}.csv"`)
      .header('cache-control', 'no-store')
      .send(stream);
  }
}
