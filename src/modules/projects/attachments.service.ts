import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../platform/auth/auth-user';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { sniffContentType } from '../../platform/files/content-sniffer';
import { FileStorage } from '../../platform/files/file-storage';
import { UploadInspector } from '../../platform/files/upload-inspector';
import { ProjectAttachment } from './entities/project-attachment.entity';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** What a name may keep: no path, no control characters, at most 200 characters. */
export function cleanFilename(name: string | undefined): string {
  const cleaned = basename((name ?? '').replace(/\\/g, '/'))
    .replace(CONTROL_CHARACTERS, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'attachment';
}

/**
 * A multipart body the parser could not read (no boundary, cut short): the client's fault, a
 * 400; the parser's own limits keep their status (413).
 */
function malformedMultipart(error: unknown): unknown {
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return new DomainException('MALFORMED_REQUEST', `The multipart body could not be read: ${(error as Error)?.message ?? 'malformed'}`);
}

/**
 * Dossier attachments: streamed from the request to storage (never whole in memory) while
 * hashed and measured; accepted by content (PDF, DOCX, XLSX, ODT, PNG, JPEG), else removed and
 * refused (415); over the size limit, removed and refused (413). Only then is the row written.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
    private readonly projectsService: ProjectsService,
    private readonly storage: FileStorage,
  ) {}

  async upload(user: AuthUser, projectId: string, kind: string, request: FastifyRequest): Promise<ProjectAttachment> {
    // Refuse before reading a byte of the body if this person may not add files now.
    await this.dataSource.transaction((manager) => this.projectsService.lockForEdit(user, projectId, undefined, manager));
    if (!request.isMultipart()) throw new DomainException('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
    const part = await request.file().catch((error: unknown) => {
      throw malformedMultipart(error);
    });
    if (!part) throw new DomainException('VALIDATION_FAILED', 'No file in the request', { fields: [{ field: 'file', rules: ['required'], messages: ['file is required'] }] });

    const id = randomUUID();
    const storageKey = `projects/${projectId}/${id}`;
    const inspector = new UploadInspector();
    // pipe() does not pass on errors: a body cut short must fail the write, not leave it waiting
    // (the parser may already have failed the part by the time it is handed over).
    let sourceError: unknown;
    // The write below reports the failure; until its pipeline listens, this keeps the error handled.
    inspector.on('error', () => undefined);
    const failWith = (error: unknown) => {
      sourceError ??= error;
      inspector.destroy(error instanceof Error ? error : new Error(String(error)));
    };
    part.file.once('error', failWith);
    if (part.file.errored) failWith(part.file.errored);
    else if (part.file.destroyed && !part.file.readableEnded) failWith(new Error('the file part ended before its data'));
    try {
      await this.storage.write(storageKey, part.file.pipe(inspector));
    } catch (error) {
      await this.storage.remove(storageKey);
      throw sourceError ? malformedMultipart(sourceError) : error;
    }
    if (part.file.truncated) {
      await this.storage.remove(storageKey);
      throw new DomainException('PAYLOAD_TOO_LARGE', 'The file is larger than the limit');
    }
    const detected = sniffContentType({ head: inspector.head, tail: inspector.tail, size: inspector.size });
    if (!detected) {
      await this.storage.remove(storageKey);
      throw new DomainException('UNSUPPORTED_MEDIA_TYPE', 'Only PDF, DOCX, XLSX, ODT, PNG and JPEG files are accepted (judged by their content)');
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const project = await this.projectsService.lockForEdit(user, projectId, undefined, manager);
        const attachment = await this.projects.insertAttachment(
          {
            id,
            projectId,
            kind,
            filename: cleanFilename(part.filename),
            mediaType: detected.mediaType,
            size: inspector.size,
            sha256: inspector.sha256,
            storageKey,
            uploadedById: user.id,
          },
          manager,
        );
        await this.projects.saveAt(project, project.version, manager);
        return attachment;
      });
    } catch (error) {
      await this.storage.remove(storageKey);
      throw error;
    }
  }

  async list(user: AuthUser, projectId: string): Promise<ProjectAttachment[]> {
    await this.projectsService.getFor(user, projectId);
    return this.projects.attachments(projectId);
  }

  /** The file, to whoever may see the project. Files of frozen versions stay readable after removal. */
  async open(user: AuthUser, projectId: string, attachmentId: string): Promise<{ attachment: ProjectAttachment; stream: Readable }> {
    await this.projectsService.getFor(user, projectId);
    const attachment = await this.projects.attachment(projectId, attachmentId);
    if (!attachment) throw new NotFoundException('Attachment');
    return { attachment, stream: await this.storage.read(attachment.storageKey) };
  }

  /** Removes the file from the current dossier (frozen versions keep their reference). */
  async remove(user: AuthUser, projectId: string, attachmentId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const project = await this.projectsService.lockForEdit(user, projectId, undefined, manager);
      const attachment = await this.projects.attachment(projectId, attachmentId);
      if (!attachment || attachment.removedAt) throw new NotFoundException('Attachment');
      await this.projects.removeAttachment(attachmentId, manager);
      await this.projects.saveAt(project, project.version, manager);
    });
  }
}
