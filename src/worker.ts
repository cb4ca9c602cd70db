import { run } from './bootstrap';

/** A worker-only process: queue consumers and the outbox relay, no HTTP listener. */
void run(['worker']);
