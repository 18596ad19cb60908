/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/canvas/n8n/test', '<rootDir>/canvas/node-red/test'],
  // The canvas packages import the library by its package name: tests run its sources.
  moduleNameMapper: {
    '^twilio-connector$': '<rootDir>/connector/index.ts',
    '^twilio-connector/sandbox$': '<rootDir>/sandbox/index.ts',
  },
  // ts-jest on TypeScript 5 in transpile-only mode: `npm test` type-checks with tsc first.
  // (@swc/jest's native binaries are not all on this registry, so `npm ci` could not lock them.)
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
