import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../platform/auth/access.decorators';
import { ProjectIdParamDto } from '../projects/dto/project.dto';
import { DocumentsService } from './documents.service';

@ApiTags('reviews')
@Controller('api/projects')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** The formative evaluation report (PDF, in the dossier's language). 404 until generated. */
  @Roles('holder', 'secretariat', 'admin')
  @Get(':id/report.pdf')
  @ApiProduces('application/pdf')
  async report(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Res() reply: FastifyReply): Promise<void> {
    await this.send(reply, await this.documents.open(user, params.id, 'report'));
  }

  /** The letter of support of a positive outcome (PDF). */
  @Roles('holder', 'secretariat', 'admin')
  @Get(':id/letter.pdf')
  @ApiProduces('application/pdf')
  async letter(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Res() reply: FastifyReply): Promise<void> {
    await this.send(reply, await this.documents.open(user, params.id, 'letter'));
  }

  private async send(reply: FastifyReply, { document, stream }: Awaited<ReturnType<DocumentsService['open']>>): Promise<void> {
    await reply
      .header('content-type', 'application/pdf')
      .header('content-length', String(document.size))
      .header('content-disposition', `inline; filename="${document.kind}-round${document.round}.pdf"`)
      .header('etag', `"${document.sha256}"`)
      .send(stream);
  }
}
