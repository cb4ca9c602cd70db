import { CriteriaFramework, criteriaOf, validateFramework } from '@fasp/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuthUser } from '../../platform/auth/auth-user';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { Page } from '../../platform/pagination/page.dto';
import { Clock } from '../../platform/clock/clock';
import { CreateFrameworkDto, ListFrameworksQueryDto, UpdateFrameworkDto } from './dto/framework.dto';
import { FrameworkVersion } from './entities/framework-version.entity';
import { FrameworksRepository } from './frameworks.repository';

export const DEFAULT_FRAMEWORK_KEY = 'fasp';

/**
 * Versions of the criteria framework: drafts are edited (each edit must leave a consistent
 * tree), published versions are frozen, and a version bound to a call cannot be deleted.
 */
@Injectable()
export class FrameworksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly frameworks: FrameworksRepository,
    private readonly clock: Clock,
  ) {}

  async get(id: string, manager?: EntityManager): Promise<FrameworkVersion> {
    const framework = await this.frameworks.findById(id, manager);
    if (!framework) throw new NotFoundException('Criteria framework');
    return framework;
  }

  /** A published version's tree, for the modules that assess with it. */
  async published(id: string, manager?: EntityManager): Promise<CriteriaFramework> {
    const framework = await this.get(id, manager);
    if (framework.status !== 'published' || !framework.definition) {
      throw new DomainException('CALL_NOT_ACCEPTING', 'The criteria framework of a call must be a published version', { frameworkId: id });
    }
    return framework.definition;
  }

  list(query: ListFrameworksQueryDto): Promise<Page<FrameworkVersion>> {
    return this.frameworks.page(query);
  }

  async create(actor: AuthUser, dto: CreateFrameworkDto): Promise<FrameworkVersion> {
    return this.dataSource.transaction(async (manager) => {
      const source = dto.cloneFromId ? await this.get(dto.cloneFromId, manager) : null;
      const key = dto.key ?? source?.key ?? DEFAULT_FRAMEWORK_KEY;
      const version = await this.frameworks.nextVersion(key, manager);
      const definition = source?.definition ? { ...source.definition, key, version } : null;
      return this.frameworks.insert(
        { key, version, status: 'draft', definition, clonedFromId: source?.id ?? null, createdById: actor.id, publishedAt: null },
        manager,
      );
    });
  }

  async update(id: string, dto: UpdateFrameworkDto): Promise<FrameworkVersion> {
    return this.dataSource.transaction(async (manager) => {
      const framework = await this.lockDraft(id, manager);
      const candidate = { ...dto.definition, key: framework.key, version: framework.version };
      const issues = validateFramework(candidate);
      if (issues.length > 0) {
        throw new DomainException('FRAMEWORK_INVALID', `The framework has ${issues.length} problem(s)`, { issues });
      }
      framework.definition = candidate as unknown as CriteriaFramework;
      return this.frameworks.save(framework, manager);
    });
  }

  async publish(id: string): Promise<FrameworkVersion> {
    return this.dataSource.transaction(async (manager) => {
      const framework = await this.lockDraft(id, manager);
      const issues = framework.definition ? validateFramework(framework.definition) : [{ path: 'definition', code: 'EMPTY', message: 'an empty draft cannot be published' }];
      if (issues.length > 0) {
        throw new DomainException('FRAMEWORK_INVALID', `The framework has ${issues.length} problem(s)`, { issues });
      }
      framework.status = 'published';
      framework.publishedAt = this.clock.now();
      return this.frameworks.save(framework, manager);
    });
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    try {
      await this.dataSource.transaction((manager) => this.frameworks.delete(id, manager));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503') {
        throw new DomainException('FRAMEWORK_IN_USE', 'This framework version is bound to a call and cannot be deleted');
      }
      throw error;
    }
  }

  private async lockDraft(id: string, manager: EntityManager): Promise<FrameworkVersion> {
    const framework = await this.frameworks.lock(id, manager);
    if (!framework) throw new NotFoundException('Criteria framework');
    if (framework.status === 'published') {
      throw new DomainException('FRAMEWORK_IMMUTABLE', 'A published framework version never changes: create a new draft from it');
    }
    return framework;
  }
}

export function criteriaCount(framework: FrameworkVersion): number {
  return framework.definition ? criteriaOf(framework.definition).length : 0;
}
