import { Foundation1795938258072 } from './1795938258072-foundation';
import { Identity1795941369194 } from './1795941369194-identity';
import { CriteriaAndCalls1795941671368 } from './1795941671368-criteria-and-calls';
import { Projects1795942616580 } from './1795942616580-projects';
import { Assignment1795942909174 } from './1795942909174-assignment';
import { Reviews1795943749294 } from './1795943749294-reviews';
import { Notifications1795944319680 } from './1795944319680-notifications';
import { Pipeline1795944521319 } from './1795944521319-pipeline';
import { WebSessions1795945205072 } from './1795945205072-web-sessions';
import { PipelineScale1795946059155 } from './1795946059155-pipeline-scale';

/**
 * Every migration, in order. `npm run migration:generate -- src/platform/database/migrations/<Name>`
 * writes a new file here; add its class to this list (the schema drift test fails until you do).
 */
export const MIGRATIONS = [Foundation1795938258072, Identity1795941369194, CriteriaAndCalls1795941671368, Projects1795942616580, Assignment1795942909174, Reviews1795943749294, Notifications1795944319680, Pipeline1795944521319, WebSessions1795945205072, PipelineScale1795946059155];
