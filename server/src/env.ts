/**
 * The server's settings, read from the environment once at start and checked by zod (DESIGN.md,
 * "Server settings"). A wrong value stops the process with a message naming the variable and
 * what to put there; nothing later re-reads process.env.
 *
 * Two secrets are generated on first start when unset and kept in the data folder, so they stay
 * the same across restarts: the admin token (`data/admin-token`) and the key for secrets at rest
 * (`data/secret-key`). Both files are written with mode 0600.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const flag = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).default('').transform((v) => ['1', 'true', 'yes'].includes(v));
const url = (what: string) => z.url({ protocol: /^https?$/, error: `must be an http(s) URL of ${what}` });

export const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(0).max(65535).default(8787),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().default('sqlite:data/lumo.sqlite').refine(
    (v) => /^postgres(ql)?:\/\/.+/.test(v) || /^sqlite:.+/.test(v),
    'must be "sqlite:<file>" or "postgres://user@host:port/db"',
  ),
  LUMO_DATA_DIR: z.string().min(1).default('data'),
  LUMO_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters (or unset, to have one generated)').optional(),
  LUMO_SECRET_KEY: z.string().optional().refine((v) => v === undefined || decodeKey(v) !== null,
    'must be 32 bytes written as 64 hex digits or as base64 (or unset, to have one generated)'),
  LUMO_DEMO: flag,
  LUMO_RECALC_MAX_AGE_MINUTES: z.coerce.number({ error: 'must be a number of minutes' }).min(0).max(7 * 24 * 60).default(15),
  LUMO_SHUTDOWN_GRACE_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).min(0).max(3600).default(25),
  LUMO_REQUEST_RECEIVE_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).min(1).max(86_400).default(300),
  LUMO_IMPORT_IDLE_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).min(1).max(3600).default(60),
  LUMO_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  LUMO_LOG_FORMAT: z.enum(['text', 'json']).default('text'),
  LUMO_LINE_API_URL: url('the LINE Messaging API').default('https://api.line.me'),
  LUMO_LINE_DATA_API_URL: url('the LINE data API').default('https://api-data.line.me'),
  /** Unset: each shop's own https://{shop}.myshopify.com. */
  LUMO_SHOPIFY_API_URL: url('the Shopify Admin API').optional(),
  LUMO_HUBSPOT_API_URL: url('the HubSpot API').default('https://api.hubapi.com'),
  LUMO_KLAVIYO_API_URL: url('the Klaviyo API').default('https://a.klaviyo.com'),
  LUMO_AGENT_URL: url('an OpenAI-compatible endpoint').optional(),
  LUMO_AGENT_MODEL: z.string().min(1).optional(),
  LUMO_AGENT_KEY: z.string().min(1).optional(),
});

const SECRET_VARS = new Set(['LUMO_ADMIN_TOKEN', 'LUMO_SECRET_KEY', 'LUMO_AGENT_KEY', 'DATABASE_URL']);

export interface Config {
  port: number;
  host: string | undefined;
  databaseUrl: string;
  dataDir: string;
  adminToken: string;
  /** True when the admin token was generated on this start (print it once). */
  adminTokenGenerated: boolean;
  /** 32 bytes: the key for integration secrets at rest. */
  secretKey: Buffer;
  demo: boolean;
  recalcMaxAgeMinutes: number;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish. */
  shutdownGraceSeconds?: number;
  /** How long a request (other than a friend import) may take to arrive whole; default 300 s. */
  requestReceiveSeconds?: number;
  /** A friend import whose client sends nothing for this long is answered 408; default 60 s. */
  importIdleSeconds?: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  logFormat?: 'text' | 'json';
  vendors: {
    lineApiUrl: string;
    lineDataApiUrl: string;
    shopifyApiUrl: string | undefined;
    hubspotApiUrl: string;
    klaviyoApiUrl: string;
  };
  /** The optional agent model; null when LUMO_AGENT_URL is unset. */
  agent: { url: string; model: string | undefined; key: string | undefined } | null;
  version: string;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`The server's environment is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function decodeKey(v: string): Buffer | null {
  const s = v.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) {
    const b = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

/** Reads a secret kept in the data folder, or generates and keeps it. */
function keptSecret(dataDir: string, file: string, generate: () => string): { value: string; generated: boolean } {
  const path = join(dataDir, file);
  if (existsSync(path)) {
    const value = readFileSync(path, 'utf8').trim();
    if (value) return { value, generated: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = generate();
  writeFileSync(path, value + '\n', { mode: 0o600 });
  return { value, generated: true };
}

export const newAdminToken = () => `lumo_admin_${randomBytes(24).toString('base64url')}`;

/**
 * Parses `env` into the server's Config; creates the data folder's secrets when unset.
 * Throws EnvError listing every wrong variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, version = '0.1.0'): Config {
  // Empty strings count as unset: `LUMO_ADMIN_TOKEN= npm start` should not fail on min length.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      // Never echo a secret, even a wrong one.
      const got = SECRET_VARS.has(name) ? '' : ` (got ${JSON.stringify(cleaned[name] ?? null)})`;
      return `${name} ${i.message}${got}`;
    }));
  }
  const e = parsed.data;
  const admin = e.LUMO_ADMIN_TOKEN
    ? { value: e.LUMO_ADMIN_TOKEN, generated: false }
    : keptSecret(e.LUMO_DATA_DIR, 'admin-token', newAdminToken);
  const key = e.LUMO_SECRET_KEY
    ? decodeKey(e.LUMO_SECRET_KEY)!
    : decodeKey(keptSecret(e.LUMO_DATA_DIR, 'secret-key', () => randomBytes(32).toString('hex')).value);
  if (!key) throw new EnvError([`${join(e.LUMO_DATA_DIR, 'secret-key')} does not hold a 32-byte key; remove it to have a new one generated (secrets stored with the old key must then be entered again)`]);
  if ((e.LUMO_AGENT_MODEL || e.LUMO_AGENT_KEY) && !e.LUMO_AGENT_URL) {
    throw new EnvError(['LUMO_AGENT_URL must be set when LUMO_AGENT_MODEL or LUMO_AGENT_KEY is']);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.LUMO_DATA_DIR,
    adminToken: admin.value,
    adminTokenGenerated: admin.generated,
    secretKey: key,
    demo: e.LUMO_DEMO,
    recalcMaxAgeMinutes: e.LUMO_RECALC_MAX_AGE_MINUTES,
    shutdownGraceSeconds: e.LUMO_SHUTDOWN_GRACE_SECONDS,
    requestReceiveSeconds: e.LUMO_REQUEST_RECEIVE_SECONDS,
    importIdleSeconds: e.LUMO_IMPORT_IDLE_SECONDS,
    logLevel: e.LUMO_LOG_LEVEL,
    logFormat: e.LUMO_LOG_FORMAT,
    vendors: {
      lineApiUrl: e.LUMO_LINE_API_URL,
      lineDataApiUrl: e.LUMO_LINE_DATA_API_URL,
      shopifyApiUrl: e.LUMO_SHOPIFY_API_URL,
      hubspotApiUrl: e.LUMO_HUBSPOT_API_URL,
      klaviyoApiUrl: e.LUMO_KLAVIYO_API_URL,
    },
    agent: e.LUMO_AGENT_URL ? { url: e.LUMO_AGENT_URL, model: e.LUMO_AGENT_MODEL, key: e.LUMO_AGENT_KEY } : null,
    version,
  };
}
