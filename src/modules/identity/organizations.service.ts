import { regionOfCountry } from '@fasp/core';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { AuthUser } from '../../platform/auth/auth-user';
import { Page } from '../../platform/pagination/page.dto';
import { OrganizationPolicy } from './organization.policy';
import { CreateOrganizationDto, ListOrganizationsQueryDto, ProposedOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto';
import { Organization } from './entities/organization.entity';
import { OrganizationsRepository } from './organizations.repository';

/** Every ISO code has a region in @fasp/core; the DTOs only let ISO codes through. */
function defaultRegion(country: string): string {
  const region = regionOfCountry(country);
  if (!region) throw new DomainException('VALIDATION_FAILED', `No region known for country ${country}`);
  return region;
}

@Injectable()
export class OrganizationsService {
  constructor(private readonly organizations: OrganizationsRepository) {}

  /** Created by the secretariat: verified unless said otherwise. A name taken in the country is a 409. */
  async create(dto: CreateOrganizationDto): Promise<Organization> {
    const created = await this.organizations.insert({
      name: dto.name,
      country: dto.country,
      region: dto.region ?? defaultRegion(dto.country),
      college: dto.college,
      membership: dto.membership ?? null,
      verified: dto.verified ?? true,
    });
    if (!created) throw this.duplicate(dto.name, dto.country);
    return created;
  }

  /** Proposed by a registering holder: unverified; an existing one of that name is reused. */
  async propose(dto: ProposedOrganizationDto, manager: EntityManager): Promise<{ organization: Organization; created: boolean }> {
    const created = await this.organizations.insert(
      { name: dto.name, country: dto.country, region: defaultRegion(dto.country), college: dto.college, membership: null, verified: false },
      manager,
    );
    if (created) return { organization: created, created: true };
    const existing = await this.organizations.findByName(dto.name, dto.country, manager);
    if (!existing) throw new DomainException('CONFLICT', 'The organisation changed meanwhile; try again');
    return { organization: existing, created: false };
  }

  list(user: AuthUser, query: ListOrganizationsQueryDto): Promise<Page<Organization>> {
    return this.organizations.page(query, (qb) => OrganizationPolicy.scope(user, qb));
  }

  /** One organisation as `user` may see it (404 when not allowed). */
  async getFor(user: AuthUser, id: string): Promise<Organization> {
    const organization = await this.organizations.findById(id);
    if (!organization || !OrganizationPolicy.canView(user, organization)) throw new NotFoundException('Organisation');
    return organization;
  }

  async get(id: string, manager?: EntityManager): Promise<Organization> {
    const organization = await this.organizations.findById(id, manager);
    if (!organization) throw new NotFoundException('Organisation');
    return organization;
  }

  async update(id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    const organization = await this.get(id);
    const country = dto.country ?? organization.country;
    const changes: Partial<Organization> = { ...dto };
    if (dto.country && !dto.region) changes.region = defaultRegion(country);
    if (dto.name || dto.country) {
      const clash = await this.organizations.findByName(dto.name ?? organization.name, country);
      if (clash && clash.id !== organization.id) throw this.duplicate(dto.name ?? organization.name, country);
    }
    return this.organizations.update(organization, changes);
  }

  private duplicate(name: string, country: string): DomainException {
    return new DomainException('DUPLICATE', `An organisation named "${name}" already exists in ${country}`, { field: 'name' });
  }
}
