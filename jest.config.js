/** Jest projects: unit (pure logic), integration (HTTP + sockets on real DBs), browser (chromium). */
// ts-jest transpiles only (isolatedModules): `npm run typecheck` does the type checking once.
const transform = {
  '^.+\\.tsx?$': ['ts-jest', { tsconfig: { isolatedModules: true, module: 'commonjs', target: 'es2022', esModuleInterop: true, jsx: 'react-jsx' } }],
};
const common = { transform, testEnvironment: 'node', setupFiles: ['<rootDir>/tests/support/env.ts'] };
module.exports = {
  // NOTE: testTimeout is a global option; per-project values are ignored. Browser tests set their own.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    // Every /api response a test world sends is checked against its route's schema (issue 12).
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/tests/support/response-contract-setup.ts'] },
    // The pages' own API calls are held to the same schemas.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/tests/support/response-contract-setup.ts'] },
  ],
};
