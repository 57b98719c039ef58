/**
 * A small structured logger: one line per event, `level message key=value…` for people, or JSON
 * lines when LUMO_LOG_FORMAT=json. Callers pass context as fields; they never pass request
 * headers or bodies (tokens and friends' data must not reach the log).
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface LogEntry { level: Level; msg: string; fields: Fields; time: number }

function fmtValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.stack ?? v.message);
  if (typeof v === 'string') return /^[\w./:@-]*$/.test(v) && v !== '' ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

export function createLogger(opts: {
  level?: Level | 'silent';
  format?: 'text' | 'json';
  write?: (line: string, level: Level) => void;
  fields?: Fields;
} = {}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? ((line, level) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n'));
  const base = opts.fields ?? {};
  const log = (level: Level, msg: string, fields: Fields = {}) => {
    if (ORDER[level] < min) return;
    const all = { ...base, ...fields };
    if (opts.format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...Object.fromEntries(
        Object.entries(all).map(([k, v]) => [k, v instanceof Error ? { message: v.message, stack: v.stack } : v])) }), level);
    } else {
      const kv = Object.entries(all).map(([k, v]) => `${k}=${fmtValue(v)}`).join(' ');
      write(`${new Date().toISOString()} ${level.padEnd(5)} ${msg}${kv ? ' ' + kv : ''}`, level);
    }
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...opts, fields: { ...base, ...fields } }),
  };
}

/** A logger that keeps its entries, for tests that assert what was (and was not) logged. */
export function createMemoryLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const make = (base: Fields): Logger => {
    const log = (level: Level) => (msg: string, fields: Fields = {}) => { entries.push({ level, msg, fields: { ...base, ...fields }, time: Date.now() }); };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (f) => make({ ...base, ...f }) };
  };
  const root = make({});
  return Object.assign(root, {
    entries,
    text: () => entries.map((e) => `${e.level} ${e.msg} ${JSON.stringify(e.fields, (_k, v) => v instanceof Error ? v.stack : v)}`).join('\n'),
  });
}
