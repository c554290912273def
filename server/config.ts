import path from 'node:path';
import { z } from 'zod';

/** The rule sets of DESIGN §2: legal periods in days (cn-law) or seconds (sandbox). */
export const RuleSetName = z.enum(['sandbox', 'cn-law']);
export type RuleSetName = z.infer<typeof RuleSetName>;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(mysql|sqlite):/, 'mysql://user:pass@host:3306/db or sqlite:/path/file.db')
    .optional(),
  RULE_SET: RuleSetName.default('sandbox'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'redis://host:6379').optional(),
  ADMIN_USERNAME: z.string().min(3).max(64).default('admin'),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TOKEN_SECRET: z.string().min(32).optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(8 * 3600),
  MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1).default(100 * 1024 * 1024),
  MAX_BID_BYTES: z.coerce.number().int().min(1).default(200 * 1024 * 1024),
  PUBLIC_URL: z.string().url().optional(),
  OCDS_OCID_PREFIX: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/, 'letters, digits and -, e.g. ocds-213czf (a registered prefix)').default('ocds-tenderhall'),
  DEMO_ACCOUNTS: z.enum(['auto', 'on', 'off']).default('auto'),
  CA_CERT_FILE: z.string().min(1).optional(),
  CA_KEY_FILE: z.string().min(1).optional(),
  CA_KEY_PASSPHRASE: z.string().optional(),
  KEY_ENCRYPTION_KEY: z.string().regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, '32 bytes as hex or base64').optional(),
  PLATFORM_KEY_BITS: z.coerce.number().refine((n) => n === 2048 || n === 3072 || n === 4096, '2048, 3072 or 4096').default(3072),
  OPENING_READING_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  VERIFY_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  METRICS_TOKEN: z.string().regex(/^[\x21-\x7e]{16,256}$/, 'at least 16 printable characters, no spaces').optional(),
});

export type DatabaseConfig = { client: 'sqlite'; filename: string } | { client: 'mysql'; url: string };

export type Config = Readonly<{
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  ruleSet: RuleSetName;
  redisUrl: string | undefined;
  admin: { username: string; password: string | undefined };
  logLevel: string;
  tokenSecret: string | undefined;
  tokenTtlSeconds: number;
  maxDocumentBytes: number;
  maxBidBytes: number;
  publicUrl: string;
  /** OCDS: ocid = `${ocidPrefix}-${tenderId}` (a prefix registered with the Open Contracting Partnership in production). */
  ocidPrefix: string;
  demoAccounts: boolean;
  ca: { certFile: string; keyFile: string; passphrase: string | undefined } | null;
  keyEncryptionKey: string | undefined;
  platformKeyBits: number;
  /** Pause between two bids read out (唱标) in a platform-mode opening; 0 reads them as fast as they decrypt. */
  openingReadingIntervalMs: number;
  /** POST /records/verify requests per address per minute (anonymous, up to 50 MB each). */
  verifyRateLimit: number;
  /** Bearer token that GET /metrics requires when set; unset, /metrics answers loopback clients only. */
  metricsToken: string | undefined;
}>;

export class ConfigError extends Error {}

/** Reads the environment (DESIGN §10) into a typed, frozen Config; lists every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.superRefine((e, ctx) => {
    if (Boolean(e.CA_CERT_FILE) !== Boolean(e.CA_KEY_FILE)) {
      ctx.addIssue({ code: 'custom', path: ['CA_KEY_FILE'], message: 'CA_CERT_FILE and CA_KEY_FILE go together' });
    }
  }).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const database: DatabaseConfig = e.DATABASE_URL?.startsWith('mysql:')
    ? { client: 'mysql', url: e.DATABASE_URL }
    : { client: 'sqlite', filename: e.DATABASE_URL ? e.DATABASE_URL.replace(/^sqlite:/, '') : path.join(dataDir, 'tenderhall.db') };
  return Object.freeze({
    port: e.PORT,
    dataDir,
    database,
    ruleSet: e.RULE_SET,
    redisUrl: e.REDIS_URL,
    admin: { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD },
    logLevel: e.LOG_LEVEL,
    tokenSecret: e.TOKEN_SECRET,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
    maxBidBytes: e.MAX_BID_BYTES,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    ocidPrefix: e.OCDS_OCID_PREFIX,
    demoAccounts: e.DEMO_ACCOUNTS === 'on' || (e.DEMO_ACCOUNTS === 'auto' && e.RULE_SET === 'sandbox'),
    ca: e.CA_CERT_FILE && e.CA_KEY_FILE ? { certFile: e.CA_CERT_FILE, keyFile: e.CA_KEY_FILE, passphrase: e.CA_KEY_PASSPHRASE } : null,
    keyEncryptionKey: e.KEY_ENCRYPTION_KEY,
    platformKeyBits: e.PLATFORM_KEY_BITS,
    openingReadingIntervalMs: e.OPENING_READING_INTERVAL_MS,
    verifyRateLimit: e.VERIFY_RATE_LIMIT,
    metricsToken: e.METRICS_TOKEN,
  });
}
