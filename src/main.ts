import { run } from './bootstrap';

/** The engine: the roles named by APP_ROLES (default `api,worker`, both in one process). */
void run();
