import { Controller, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../platform/auth/access.decorators';
import { WebExceptionFilter } from './web-exception.filter';
import { WebService } from './web.service';

/** Pages of the public area (see WebModule). */
@ApiExcludeController()
@Public()
@UseFilters(WebExceptionFilter)
@Controller()
export class PublicPagesController {
  constructor(private readonly web: WebService) {}
}
