import { Logger } from '@nestjs/common';

// Quiet by default; TEST_LOG_LEVEL=debug (or info, warn...) shows the engine's logs.
if (!process.env.TEST_LOG_LEVEL) Logger.overrideLogger(false);
