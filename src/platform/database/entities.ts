import { OutboxEntry } from '../outbox/outbox-entry.entity';

/** Every entity of the engine, listed explicitly so the build, the CLI and tests load the same set. */
export const ENTITIES = [OutboxEntry];
