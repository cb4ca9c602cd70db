import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, SignedIn } from '../../platform/auth/access.decorators';
import { ProjectDto, ProjectIdParamDto, TransitionDto } from '../projects/dto/project.dto';
import { toProjectDto } from '../projects/projects.mappers';
import { WorkflowService } from './workflow.service';

@ApiTags('projects')
@Controller('api/projects')
export class WorkflowController {
  constructor(private readonly workflow: WorkflowService) {}

  /**
   * Moves the project: submit, admit, request_info, refuse, resubmit, propose_outcome,
   * release_feedback, publish, withdraw. `expectedVersion` is the version you read (stale: 409);
   * an action the stage does not allow: 409; a role that may not: 403; a rule that refuses
   * (incomplete dossier, reason missing...): 422 with the details.
   */
  @SignedIn()
  @Post(':id/transitions')
  @HttpCode(200)
  @ApiUnprocessableEntityResponse({ description: 'a guard refused (e.g. DOSSIER_INCOMPLETE with the missing items)' })
  async transition(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Body() dto: TransitionDto): Promise<ProjectDto> {
    const project = await this.workflow.transition({ kind: 'user', user }, { projectId: params.id, ...dto });
    return toProjectDto(project, user);
  }
}
