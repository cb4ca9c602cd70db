'use strict';
// Four tiers, one command: unit specs beside the code (libs, src, scripts, bench), integration specs on
// the real PostgreSQL and Redis, end-to-end specs with the API and worker in one process, and
// browser specs driving Chromium through the pages of that same engine.

const swcTs = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const swcEsm = {
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022', keepClassNames: true },
  module: { type: 'commonjs' },
};

const base = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcTs],
    // Nest 12 ships ES modules only; see test/jest/esm-transformer.js.
    '^.+\\.m?js$': ['<rootDir>/test/jest/esm-transformer.js', swcEsm],
  },
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^@fasp/core$': '<rootDir>/libs/fasp/src/index.ts',
    '^@fasp/core/(.*)$': '<rootDir>/libs/fasp/src/$1',
    '^@fasp/matching$': '<rootDir>/libs/matching/src/index.ts',
    '^@fasp/matching/(.*)$': '<rootDir>/libs/matching/src/$1',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  setupFiles: ['<rootDir>/test/jest/setup.ts'],
};

module.exports = {
  // One test file per core (jest's default leaves one core out). The files mostly wait on
  // PostgreSQL, Redis and Chromium, and each has its own database and queue prefix.
  maxWorkers: '100%',
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/jest/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/jest/setup-services.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/jest/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/jest/setup-services.ts'],
    },
    {
      // Property-based requests to every documented route as every role (test/fuzz/api.fuzz-spec.ts):
      // a fixed seed here; `npm run test:fuzz` draws a random one (FUZZ_SEED replays it).
      ...base,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/fuzz/**/*.fuzz-spec.ts'],
      globalSetup: '<rootDir>/test/jest/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/jest/setup-services.ts'],
    },
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/jest/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/jest/setup-services.ts', '<rootDir>/test/jest/setup-browser.ts'],
    },
  ],
};
