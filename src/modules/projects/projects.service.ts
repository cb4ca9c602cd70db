import { criteriaOf, CriteriaFramework, diffSnapshots, DossierItem, dossierItemLabel, Language, missingDossierItems, SnapshotChange } from '@fasp/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasRole, isStaff } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { Page } from '../../platform/pagination/page.dto';
import { CallsService } from '../calls/calls.service';
import { Call } from '../calls/entities/call.entity';
import { FrameworksService } from '../criteria/frameworks.service';
import { OrganizationsService } from '../identity/organizations.service';
import { CreateProjectDto, DossierFieldsDto, StatementDto, UpdateProjectDto } from './dto/dossier.dto';
import { ListProjectsQueryDto } from './dto/project.dto';
import { ProjectHistory } from './entities/project-history.entity';
import { ProjectSnapshot, ProjectVersion } from './entities/project-version.entity';
import { DossierDocument, Project } from './entities/project.entity';
import { EDITABLE_STAGES, ProjectPolicy } from './project.policy';
import { ProjectsRepository } from './projects.repository';

function fieldError(field: string, message: string): DomainException {
  return new DomainException('VALIDATION_FAILED', `Invalid input: ${field}`, { fields: [{ field, rules: ['rule'], messages: [message] }] });
}

/** Dossier fields stored in the JSON document (the rest are columns). */
const DOCUMENT_FIELDS = [
  'summary',
  'projectType',
  'objectives',
  'location',
  'areaHa',
  'landUses',
  'practices',
  'startDate',
  'endDate',
  'budget',
  'fundingSought',
  'partners',
  'beneficiaries',
  'socBaseline',
  'expectedChange',
  'monitoringPlan',
  'team',
] as const;
const LIST_FIELDS = new Set(['objectives', 'landUses', 'practices', 'partners', 'team']);

/** The whole dossier as one plain object (columns and document together). */
export function dossierOf(project: Project): Record<string, unknown> {
  return { title: project.title, language: project.language, modality: project.modality, countries: project.countries, ...project.dossier };
}

export interface Completeness {
  complete: boolean;
  missing: Array<{ item: DossierItem; label: string }>;
}

/** Dossiers: creation in an open call, editing by the holder's side, criterion statements, completeness, versions, history. */
@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
    private readonly calls: CallsService,
    private readonly frameworks: FrameworksService,
    private readonly organizations: OrganizationsService,
    private readonly clock: Clock,
  ) {}

  /** The project if `user` may see it, else 404 (`assigned` from the assignment module). */
  async getFor(user: AuthUser, id: string, manager?: EntityManager): Promise<Project> {
    const project = await this.projects.findById(id, manager);
    if (!project || !(await this.canView(user, project))) throw new NotFoundException('Project');
    return project;
  }

  async canView(user: AuthUser, project: Project, manager?: EntityManager): Promise<boolean> {
    if (ProjectPolicy.canView(user, project)) return true;
    if (!hasRole(user, 'reviewer')) return false;
    const seats: unknown[] = await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM assignment WHERE project_id = $1 AND reviewer_id = $2 AND status IN ('invited', 'accepted', 'completed') LIMIT 1`,
      [project.id, user.id],
    );
    return seats.length > 0;
  }

  list(user: AuthUser, query: ListProjectsQueryDto): Promise<Page<Project>> {
    return this.projects.page(query, (qb) => ProjectPolicy.scope(user, qb));
  }

  async create(user: AuthUser, dto: CreateProjectDto): Promise<Project> {
    if (!user.organizationId) {
      throw new DomainException('RULE_REFUSED', 'Your account has no organisation: ask the secretariat to attach it to one before creating a project');
    }
    const organization = await this.organizations.get(user.organizationId);
    return this.dataSource.transaction(async (manager) => {
      const call = await this.calls.requireAcceptingSubmissions(dto.callId, manager);
      this.assertFitsCall(call, dto.language, dto.modality);
      const { callId: _callId, title, language, modality, countries, consentToPublish, publishBudget, ...rest } = dto;
      const dossier = this.applyDocument({}, rest);
      this.assertDates(dossier);
      const now = this.clock.now();
      const project = await this.projects.insert(
        {
          callId: call.id,
          stage: 'draft',
          version: 1,
          round: 1,
          holderId: user.id,
          organizationId: organization.id,
          region: organization.region,
          college: organization.college,
          title,
          language,
          modality: modality ?? null,
          countries: countries ?? [],
          dossier,
          statements: {},
          consentToPublish: consentToPublish ?? false,
          publishBudget: publishBudget ?? false,
          stageEnteredAt: now,
        },
        manager,
      );
      await this.projects.appendHistory(
        { projectId: project.id, actorId: user.id, actorRole: 'holder', action: 'create', fromStage: null, toStage: 'draft', reason: null, version: 1, round: 1 },
        manager,
      );
      return project;
    });
  }

  /** Changes dossier fields; only the holder's side, only in draft, info_requested or revision. */
  async update(user: AuthUser, id: string, dto: UpdateProjectDto): Promise<Project> {
    return this.edit(user, id, dto.expectedVersion, async (project, manager) => {
      const call = await this.calls.get(project.callId, manager);
      const { expectedVersion: _expected, title, language, modality, countries, consentToPublish, publishBudget, ...rest } = dto;
      if (language !== undefined || modality !== undefined) this.assertFitsCall(call, language ?? project.language, modality === undefined ? project.modality : modality);
      if (title !== undefined) project.title = title;
      if (language !== undefined) project.language = language;
      if (modality !== undefined) project.modality = modality;
      if (countries !== undefined) project.countries = countries ?? [];
      if (consentToPublish !== undefined) project.consentToPublish = consentToPublish;
      if (publishBudget !== undefined) project.publishBudget = publishBudget;
      project.dossier = this.applyDocument(project.dossier, rest);
      this.assertDates(project.dossier);
    });
  }

  /**
   * The holder's consent to publication (and to showing budget figures), which they may give or
   * withdraw at any time until the project is published.
   */
  async setPublicationConsent(user: AuthUser, id: string, consentToPublish: boolean, publishBudget?: boolean): Promise<Project> {
    return this.dataSource.transaction(async (manager) => {
      const project = await this.projects.lock(id, manager);
      if (!project || !(await this.canView(user, project, manager))) throw new NotFoundException('Project');
      if (!ProjectPolicy.isHolderSide(user, project)) throw new DomainException('FORBIDDEN', "Only the project holder's side gives consent");
      if (['published', 'withdrawn', 'not_admitted'].includes(project.stage)) {
        throw new DomainException('ILLEGAL_TRANSITION', `Consent cannot change once the project is ${project.stage}`);
      }
      const readVersion = project.version;
      project.consentToPublish = consentToPublish;
      if (publishBudget !== undefined) project.publishBudget = publishBudget;
      if (!(await this.projects.saveAt(project, readVersion, manager))) throw this.stale(readVersion, project);
      return project;
    });
  }

  /** The holder's statement for one criterion of the call's framework (empty text removes it). */
  async putStatement(user: AuthUser, id: string, code: string, dto: StatementDto): Promise<Project> {
    return this.edit(user, id, dto.expectedVersion, async (project, manager) => {
      const framework = await this.frameworkOf(project, manager);
      if (!criteriaOf(framework).some((criterion) => criterion.code === code)) throw new NotFoundException(`Criterion ${code} in this call's framework`);
      const statements = { ...project.statements };
      if (dto.text.trim() === '') delete statements[code];
      else statements[code] = dto.text;
      project.statements = statements;
    });
  }

  /** Runs a change of the dossier under the project's lock and bumps its version. */
  async edit(user: AuthUser, id: string, expectedVersion: number | undefined, change: (project: Project, manager: EntityManager) => Promise<void>): Promise<Project> {
    return this.dataSource.transaction(async (manager) => {
      const project = await this.lockForEdit(user, id, expectedVersion, manager);
      const readVersion = project.version;
      await change(project, manager);
      if (!(await this.projects.saveAt(project, readVersion, manager))) throw this.stale(expectedVersion ?? readVersion, project);
      return project;
    });
  }

  /** Locks the project for a dossier change by the holder's side, in an editable stage. */
  async lockForEdit(user: AuthUser, id: string, expectedVersion: number | undefined, manager: EntityManager): Promise<Project> {
    const project = await this.projects.lock(id, manager);
    if (!project || !(await this.canView(user, project))) throw new NotFoundException('Project');
    if (!ProjectPolicy.isHolderSide(user, project)) throw new DomainException('FORBIDDEN', "Only the project holder's side edits the dossier");
    if (expectedVersion !== undefined && expectedVersion !== project.version) throw this.stale(expectedVersion, project);
    if (!EDITABLE_STAGES.includes(project.stage)) {
      throw new DomainException('ILLEGAL_TRANSITION', `The dossier cannot be edited while the project is ${project.stage}`, { stage: project.stage });
    }
    return project;
  }

  stale(expectedVersion: number, project: Project): DomainException {
    return new DomainException('VERSION_CONFLICT', 'The project changed since you read it; reload it', { expectedVersion, currentVersion: project.version });
  }

  /** The published framework of the project's call (`call` when the caller has it already). */
  async frameworkOf(project: Project, manager?: EntityManager, call?: Pick<Call, 'id' | 'frameworkId'>): Promise<CriteriaFramework> {
    const frameworkId = call?.id === project.callId ? call.frameworkId : (await this.calls.get(project.callId, manager)).frameworkId;
    return this.frameworks.published(frameworkId, manager);
  }

  /** What is missing before submission, labelled in `language`. */
  async completeness(project: Project, language: Language, manager?: EntityManager, call?: Pick<Call, 'id' | 'frameworkId'>): Promise<Completeness> {
    const framework = await this.frameworkOf(project, manager, call);
    const criteria = criteriaOf(framework);
    const attachments = await this.projects.attachments(project.id, manager);
    const missing = missingDossierItems(dossierOf(project), {
      criteriaCodes: criteria.map((criterion) => criterion.code),
      statements: project.statements,
      attachmentKinds: attachments.map((attachment) => attachment.kind),
    });
    const nameOf = (code: string) => criteria.find((criterion) => criterion.code === code)?.names[language];
    return { complete: missing.length === 0, missing: missing.map((item) => ({ item, label: dossierItemLabel(item, language, nameOf) })) };
  }

  /** Freezes the current dossier as the next version (inside the transition's transaction). */
  async freezeVersion(project: Project, action: string, actorId: string | null, manager: EntityManager): Promise<number> {
    const attachments = await this.projects.attachments(project.id, manager);
    const snapshot: ProjectSnapshot = {
      dossier: dossierOf(project),
      statements: project.statements,
      attachments: attachments.map(({ id, kind, filename, mediaType, size, sha256 }) => ({ id, kind, filename, mediaType, size, sha256 })),
    };
    return this.projects.addVersion(project.id, project.round, action, actorId, snapshot, manager);
  }

  async versions(user: AuthUser, id: string): Promise<ProjectVersion[]> {
    await this.getFor(user, id);
    return this.projects.versions(id);
  }

  async version(user: AuthUser, id: string, number: number): Promise<ProjectVersion> {
    await this.getFor(user, id);
    const version = await this.projects.version(id, number);
    if (!version) throw new NotFoundException(`Version ${number}`);
    return version;
  }

  /** What changed in version n since version n-1 (since nothing, for the first). */
  async diff(user: AuthUser, id: string, number: number): Promise<{ from: number; to: number; changes: SnapshotChange[] }> {
    const current = await this.version(user, id, number);
    const previous = number > 1 ? await this.projects.version(id, number - 1) : null;
    return { from: previous ? previous.number : 0, to: number, changes: diffSnapshots(previous?.snapshot ?? {}, current.snapshot) };
  }

  async history(user: AuthUser, id: string): Promise<{ project: Project; entries: ProjectHistory[] }> {
    const project = await this.getFor(user, id);
    return { project, entries: await this.projects.history(id) };
  }

  private applyDocument(current: DossierDocument, changes: Partial<DossierFieldsDto>): DossierDocument {
    const next: Record<string, unknown> = { ...current };
    for (const field of DOCUMENT_FIELDS) {
      const value = (changes as Record<string, unknown>)[field];
      if (value === undefined) continue;
      if (value === null) {
        if (LIST_FIELDS.has(field)) next[field] = [];
        else delete next[field];
      } else {
        next[field] = JSON.parse(JSON.stringify(value)) as unknown;
      }
    }
    return next;
  }

  private assertDates(dossier: DossierDocument): void {
    if (dossier.startDate && dossier.endDate && dossier.endDate <= dossier.startDate) throw fieldError('endDate', 'endDate must be after startDate');
  }

  private assertFitsCall(call: Call, language: string, modality: number | null | undefined): void {
    if (!call.languages.includes(language)) throw fieldError('language', `this call accepts dossiers in ${call.languages.join(', ')}`);
    if (modality !== null && modality !== undefined && !call.modalities.includes(modality)) {
      throw fieldError('modality', `this call accepts modalities ${call.modalities.join(', ')}`);
    }
  }

  isStaff(user: AuthUser): boolean {
    return isStaff(user);
  }
}
