import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, loadConfig } from './env';

const dataDir = () => mkdtempSync(join(tmpdir(), 'lumo-env-'));

describe('environment', () => {
  it('has working defaults, and generates the admin token and secret key once, kept in the data folder', () => {
    const dir = join(dataDir(), 'data');
    const c = loadConfig({ LUMO_DATA_DIR: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(c).toMatchObject({ port: 8787, databaseUrl: 'sqlite:data/lumo.sqlite', demo: false, recalcMaxAgeMinutes: 15, adminTokenGenerated: true, agent: null });
    expect(c.vendors.lineApiUrl).toBe('https://api.line.me');
    expect(c.secretKey).toHaveLength(32);
    expect(statSync(join(dir, 'admin-token')).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'secret-key')).mode & 0o077).toBe(0);
    const again = loadConfig({ LUMO_DATA_DIR: dir });
    expect(again.adminToken).toBe(c.adminToken);
    expect(again.adminTokenGenerated).toBe(false);
    expect(again.secretKey.equals(c.secretKey)).toBe(true);
  });

  it('takes the values it is given', () => {
    const key = 'ab'.repeat(32);
    const c = loadConfig({
      LUMO_DATA_DIR: dataDir(), PORT: '9000', DATABASE_URL: 'postgres://u@h:5432/db', LUMO_ADMIN_TOKEN: 'a-long-enough-admin-token',
      LUMO_SECRET_KEY: key, LUMO_DEMO: '1', LUMO_RECALC_MAX_AGE_MINUTES: '5', LUMO_HUBSPOT_API_URL: 'http://127.0.0.1:9999',
      LUMO_AGENT_URL: 'http://127.0.0.1:11434/v1', LUMO_AGENT_MODEL: 'llama3',
    });
    expect(c).toMatchObject({ port: 9000, databaseUrl: 'postgres://u@h:5432/db', adminToken: 'a-long-enough-admin-token', adminTokenGenerated: false, demo: true, recalcMaxAgeMinutes: 5 });
    expect(c.secretKey.toString('hex')).toBe(key);
    expect(c.vendors.hubspotApiUrl).toBe('http://127.0.0.1:9999');
    expect(c.agent).toEqual({ url: 'http://127.0.0.1:11434/v1', model: 'llama3', key: undefined });
  });

  it('names every wrong variable, and never echoes a secret', () => {
    try {
      loadConfig({ LUMO_DATA_DIR: dataDir(), PORT: 'eighty', DATABASE_URL: 'mysql://x', LUMO_ADMIN_TOKEN: 'short-secret', LUMO_SECRET_KEY: 'not-a-key', LUMO_DEMO: 'maybe', LUMO_KLAVIYO_API_URL: 'ftp://x' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const msg = (e as Error).message;
      for (const v of ['PORT', 'DATABASE_URL', 'LUMO_ADMIN_TOKEN', 'LUMO_SECRET_KEY', 'LUMO_DEMO', 'LUMO_KLAVIYO_API_URL']) expect(msg).toContain(v);
      expect(msg).toContain('"eighty"');
      expect(msg).not.toContain('short-secret');
      expect(msg).not.toContain('not-a-key');
    }
  });

  it('stops the server with exit code 1 and a clear message when the environment is wrong', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { ...process.env, PORT: 'not-a-port', LUMO_DATA_DIR: dataDir(), LUMO_ADMIN_TOKEN: '' }, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT must be a port number');
    expect(r.stderr).toContain('README.md');
  }, 60_000);

  it('refuses a kept secret key file that does not hold 32 bytes', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'secret-key'), 'garbage\n');
    expect(() => loadConfig({ LUMO_DATA_DIR: dir })).toThrow(/secret-key/);
    expect(readFileSync(join(dir, 'secret-key'), 'utf8')).toBe('garbage\n'); // never overwritten: old secrets would be lost
  });
});
