import { formatViolations, takeViolations } from './response-contract';

/**
 * Jest setupFilesAfterEnv of the integration project: a response that broke the contract
 * (tests/support/response-contract.ts) fails the test whose requests got it. What a suite's
 * beforeAll received fails the suite's first test; what came after the last test fails the file.
 */
function throwViolations(when: string): void {
  const violations = takeViolations();
  if (violations.length > 0) {
    throw new Error(`${violations.length} response(s) broke the contract ${when}:\n${formatViolations(violations)}`);
  }
}

beforeEach(() => throwViolations('before this test (in a beforeAll or an earlier hook)'));
afterEach(() => throwViolations('in this test'));
afterAll(() => throwViolations('after the last test (in an afterAll or a late response)'));
