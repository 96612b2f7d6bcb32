// The options `npm run evaluate` and `npm run population` share: --now, --role, --config, the usage error.
import { readFileSync } from 'node:fs';
import { parseConfig, ROLES, type PathwayConfig, type Role } from '../lib/pathway/index';

export class UsageError extends Error {}

/** The CLI is the one place allowed to read the clock: the engine itself never does. */
export function parseNow(value: string | undefined): Date {
  const now = value !== undefined ? new Date(value) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not an ISO date/time: ${value}`);
  return now;
}

export function parseRole(value: string | undefined): Role | undefined {
  if (value !== undefined && !(ROLES as readonly string[]).includes(value)) {
    throw new UsageError(`--role: unknown role "${value}" (one of ${ROLES.join(', ')})`);
  }
  return value as Role | undefined;
}

export function readConfig(path: string | undefined): PathwayConfig | undefined {
  if (path === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--config: cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return parseConfig(json);
  } catch (e) {
    throw new UsageError(`--config: ${(e as Error).message}`);
  }
}

/** The command line parsed, or the usage error printed with the usage line and undefined (exit 2). */
export function parseOrExplain<T>(parse: () => T, usage: string): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message ? `${e.message}\n` : ''}${usage}\n`);
    return undefined;
  }
}
