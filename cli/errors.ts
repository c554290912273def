/** A failure the CLI reports as one line and an exit code: 1 refused/invalid/failed, 2 usage. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export const usage = (message: string): CliError => new CliError(message, 2);
