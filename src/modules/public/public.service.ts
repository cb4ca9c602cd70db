import { isProjectLocation, locationCentroid } from '@fasp/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { NotFoundException } from '../../platform/errors/domain-exception';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { Page } from '../../platform/pagination/page.dto';
import { Organization } from '../identity/entities/organization.entity';
import { organizationNameKey } from '../identity/organizations.repository';
import { Project } from '../projects/entities/project.entity';
import { ListOpportunitiesQueryDto, OpportunityDto, PublicOrganizationDto } from './public.dto';

/**
 * What anyone may read: published investment opportunities (public fields only: no contacts,
 * no reviews, no budget unless the holder chose to show it) and the directory of verified
 * organisations (to register against).
 */
@Injectable()
export class PublicService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Changes whenever what an opportunity shows changes: a published project, or the organisation
   * it shows (name, country). Clients revalidate with If-None-Match.
   */
  async etag(scope: string): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ n: number; latest: string | null; organizations: string | null }>>(
      `SELECT count(*)::int AS n, max(p.updated_at)::text AS latest, max(o.updated_at)::text AS organizations
         FROM project p LEFT JOIN organization o ON o.id = p.organization_id WHERE p.stage = 'published'`,
    );
    return `W/"${createHash('sha256').update(`${scope}|${row.n}|${row.latest ?? ''}|${row.organizations ?? ''}`).digest('base64url').slice(0, 27)}"`;
  }

  async list(query: ListOpportunitiesQueryDto): Promise<Page<OpportunityDto>> {
    const page = await newestFirstPage(this.filtered(query), query);
    const views = await this.views(page.items);
    return { items: views, nextCursor: page.nextCursor };
  }

  /** How many published opportunities match the filters (all pages together). */
  count(query: ListOpportunitiesQueryDto): Promise<number> {
    return this.filtered(query).getCount();
  }

  private filtered(query: ListOpportunitiesQueryDto): SelectQueryBuilder<Project> {
    const qb = this.dataSource.getRepository(Project).createQueryBuilder('p').where(`p.stage = 'published'`);
    if (query.region) qb.andWhere('p.region = :region', { region: query.region });
    if (query.country) qb.andWhere(':country = ANY(p.countries)', { country: query.country });
    if (query.practice) qb.andWhere(`p.dossier -> 'practices' ? :practice`, { practice: query.practice });
    if (query.college) qb.andWhere('p.college = :college', { college: query.college });
    if (query.q) {
      qb.innerJoin(Organization, 'o', 'o.id = p.organizationId');
      // every word must appear somewhere: "cover beauce" finds the Beauce cover-crops project
      query.q
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 8)
        .forEach((word, index) => {
          qb.andWhere(`(p.title ILIKE :q${index} OR p.dossier ->> 'summary' ILIKE :q${index} OR o.name ILIKE :q${index} OR p.faspId ILIKE :q${index})`, {
            [`q${index}`]: `%${word.replace(/[%_\\]/g, '\\$&')}%`,
          });
        });
    }
    return qb;
  }

  async get(faspId: string): Promise<OpportunityDto> {
    const project = await this.dataSource.getRepository(Project).findOneBy({ faspId, stage: 'published' });
    if (!project) throw new NotFoundException('Investment opportunity');
    return (await this.views([project]))[0];
  }

  async organizations(q: string): Promise<PublicOrganizationDto[]> {
    const rows = await this.dataSource
      .getRepository(Organization)
      .createQueryBuilder('o')
      .where('o.verified AND o.nameKey LIKE :q', { q: `%${organizationNameKey(q).replace(/[%_\\]/g, '\\$&')}%` })
      .orderBy('o.name')
      .take(20)
      .getMany();
    return rows.map((organization) => ({ id: organization.id, name: organization.name, country: organization.country, college: organization.college }));
  }

  private async views(projects: Project[]): Promise<OpportunityDto[]> {
    if (projects.length === 0) return [];
    const organizations: Array<{ id: string; name: string; country: string }> = await this.dataSource.query(
      'SELECT id, name, country FROM organization WHERE id = ANY($1)',
      [projects.map((project) => project.organizationId)],
    );
    const scores: Array<{ project_id: string; overall: number | null }> = await this.dataSource.query(
      `SELECT DISTINCT ON (project_id) project_id, (released_evaluation ->> 'overall')::float AS overall
         FROM consolidation WHERE project_id = ANY($1) AND released_at IS NOT NULL ORDER BY project_id, round DESC`,
      [projects.map((project) => project.id)],
    );
    return projects.map((project) => {
      const organization = organizations.find((item) => item.id === project.organizationId);
      const dossier = project.dossier;
      return {
        faspId: project.faspId!,
        title: project.title,
        summary: dossier.summary ?? null,
        organization: { name: organization?.name ?? '', country: organization?.country ?? '' },
        countries: project.countries,
        region: project.region,
        modality: project.modality,
        projectType: dossier.projectType ?? null,
        objectives: [...(dossier.objectives ?? [])],
        practices: [...(dossier.practices ?? [])],
        landUses: [...(dossier.landUses ?? [])],
        areaHa: dossier.areaHa ?? null,
        startDate: dossier.startDate ?? null,
        endDate: dossier.endDate ?? null,
        centroid: isProjectLocation(dossier.location) ? locationCentroid(dossier.location) : null,
        expectedChange: dossier.expectedChange ? { ...dossier.expectedChange } : null,
        ...(project.publishBudget && { budget: dossier.budget ?? null, fundingSought: dossier.fundingSought ?? null }),
        overallScore: scores.find((score) => score.project_id === project.id)?.overall ?? null,
        publishedAt: (project.publishedAt ?? project.updatedAt).toISOString(),
      };
    });
  }
}
