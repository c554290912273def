import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, restrictIfExists } from './storage/permissions';

/**
 * A secret from config, or else one generated once into DATA_DIR/keys (development):
 * restarts keep it, and it never enters git (data/ is ignored).
 */
export function loadOrCreateSecret(dataDir: string, name: string, configured: string | undefined): string {
  if (configured) {
    return configured;
  }
  const file = path.join(dataDir, 'keys', name);
  ensurePrivateDir(path.dirname(file));
  if (fs.existsSync(file)) {
    restrictIfExists(file);
    return fs.readFileSync(file, 'utf8').trim();
  }
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
