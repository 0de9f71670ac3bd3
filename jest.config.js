// ts-jest in ESM mode: @actions/core 3 is ESM-only, so the tests run as ES modules too.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/__tests__', '<rootDir>/emulator'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  moduleNameMapper: {
    // @actions/workflow-parser imports its schemas as JSON without an import
    // attribute, which Jest warns about; these load the same files quietly.
    '^\\.\\./action-v1\\.0\\.min\\.json$':
      '<rootDir>/__tests__/support/action-schema.js',
    '^\\.\\./workflow-v1\\.0\\.min\\.json$':
      '<rootDir>/__tests__/support/workflow-schema.js',
    // Sources import siblings as './x.ts'; ts-jest rewrites them to '.js'.
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  // The end-to-end suites mostly wait on the emulator's Retry-After and on
  // child processes, so more workers than the 2 cores shortens the run.
  maxWorkers: 4,
  // A worker that ran e2e suites holds 200-650 MB; after its 'exit' event
  // Node's teardown of that heap took 250-450 ms on 2 busy cores (measured),
  // so Jest's default 500 ms before it force-exits a worker, and warns of a
  // leak, was sometimes too short. No handle is left open at that point.
  workerGracefulExitTimeout: 2000,
  testTimeout: 30000,
  verbose: false
}
