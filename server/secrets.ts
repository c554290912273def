import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A secret from config, or else one generated once into DATA_DIR/keys (development):
 * restarts keep it, and it never enters git (data/ is ignored).
 */
export function loadOrCreateSecret(dataDir: string, name: string, configured: string | undefined): string {
  if (configured) {
    return configured;
  }
  const file = path.join(dataDir, 'keys', name);
  if (fs.existsSync(file)) {
    return fs.readFileSync(file, 'utf8').trim();
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
