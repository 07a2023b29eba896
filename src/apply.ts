// Effects (write): a plan carried out. HOME made where the plan says so, then the files written in
// the plan's mode, falling back to nss_wrapper's copies when a write in place fails. What was done
// comes back as the lines to log and the variables COMMAND needs; run.ts does the rest.
import { lstatSync, mkdirSync } from 'node:fs';
import { type PlainCheck, writeNssWrapperFiles } from './copies.js';
import { nssWrapperEnv } from './env.js';
import { applyInPlace, NameTaken } from './inplace.js';
import type { Bind } from './lock.js';
import type { Plan } from './plan.js';
import { ETC } from './probe.js';

/** Makes the plan's HOME where it says so; false when that is impossible (the plan is made again without it). */
export function makeHome(plan: Plan, uid: number): boolean {
  const { home } = plan;
  if (!home?.create) return true;
  try {
    if (home.create === 'parents') {
      mkdirSync(home.home, { recursive: true, mode: 0o700 });
      return true;
    }
    try {
      mkdirSync(home.home, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Made by this start or an earlier one of this UID, or by someone else in a shared temp dir:
    // only the first two are private.
    const stat = lstatSync(home.home);
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** What applying a plan did. */
export interface Applied {
  /** The UID has the planned entry (or, for a known UID, still has its own). */
  userFixed: boolean;
  /** Lines for the log: what was done (info), what was not (warn). */
  info: string[];
  warn: string[];
  /** Variables COMMAND needs on top of the plan's (nss_wrapper's). */
  env: Record<string, string>;
  /** Variables COMMAND must not inherit. */
  unset: string[];
}

const gidsNamed = (named: { gid: number; name: string }[]): string[] =>
  named.map(({ gid, name }) => `GID ${gid} is now ${name}`);

/** "UID 10000 is now default, GID 5000 is now app" and the like, for the info line. */
function subjects(plan: Plan, named: { gid: number; name: string }[], userLine: boolean): string {
  const user = userLine
    ? [
        `UID ${plan.uid} is now ${plan.env.USER}${plan.placeholder?.replaced ? ` (the runtime's entry named it ${plan.placeholder.name})` : ''}`,
      ]
    : [];
  return [...user, ...gidsNamed(named)].join(', ');
}

const homeNote = (plan: Plan): string => (plan.env.HOME ? `; HOME=${plan.env.HOME}` : '');

/** How the writers do their work: the lock's bind, the plain check, the temp directories (run.ts chooses them). */
export interface Writers {
  bind: Bind;
  plain: PlainCheck;
  bases: string[];
}

/** nss-wrapper mode: the copies, and the variables that point nss_wrapper at them. */
function applyCopies(plan: Plan, env: Record<string, string | undefined>, writers: Writers): Applied {
  const { change } = plan;
  const lib = plan.nssWrapperLib;
  if (!change || !lib) return { userFixed: plan.status !== 'unfixable', info: [], warn: [], env: {}, unset: [] };
  const sources = plan.sources ?? ETC;
  const files = writeNssWrapperFiles(change, sources, plan.uid, writers.bases, writers.plain);
  const userLine = change.passwdLine !== undefined && plan.status !== 'known' && plan.status !== 'present';
  return {
    userFixed: true,
    info: [`${subjects(plan, change.groupNames, userLine)}: nss_wrapper files in ${files.dir}${homeNote(plan)}`],
    warn: [],
    env: nssWrapperEnv(env, lib, files.passwd, files.group),
    unset: [],
  };
}

/** The plan made again from the files as they are now: in nss-wrapper mode for a fallback, else as configured. */
export type Replan = (mode?: 'nss-wrapper') => Plan;

/**
 * Carries out `plan`. Passwd mode writes in place (inplace.ts); when that fails (a full disk, a
 * file made read-only since), or /etc/group fails after /etc/passwd, nss_wrapper's copies of the
 * files as they are now do it instead, where libnss_wrapper is there (`replan`). nss-wrapper mode
 * writes the copies under the first temp directory that takes them (`bases`).
 */
export async function applyPlan(
  plan: Plan,
  env: Record<string, string | undefined>,
  writers: Writers,
  replan: Replan,
  attempt = 1,
): Promise<Applied> {
  const nothing: Applied = {
    userFixed: plan.status !== 'unfixable' && plan.mode !== 'env',
    info: [],
    warn: [],
    env: {},
    unset: [],
  };
  const { change } = plan;
  if (!change || plan.mode === 'env' || plan.mode === undefined) return nothing;
  if (plan.mode === 'nss-wrapper') {
    try {
      return applyCopies(plan, env, writers);
    } catch (error) {
      return {
        ...nothing,
        userFixed: plan.status === 'known' || plan.status === 'present',
        warn: [(error as Error).message],
      };
    }
  }
  let outcome: Awaited<ReturnType<typeof applyInPlace>>;
  try {
    outcome = await applyInPlace(change, plan.uid, plan.sources ?? ETC, writers.bind);
  } catch (error) {
    // Another start took the login name since the plan: plan again (displacing it, or saying why not).
    if (error instanceof NameTaken && attempt < 3) return applyPlan(replan(), env, writers, replan, attempt + 1);
    const why = `could not write ${plan.sources?.passwd ?? ETC.passwd}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return fallBack(why, env, writers, replan, nothing);
  }
  const userLine = outcome.user === 'written';
  const info =
    userLine || outcome.groups.length > 0
      ? [
          `${subjects(plan, outcome.groups, userLine)}: added to ${[userLine && ETC.passwd, outcome.groups.length > 0 && ETC.group].filter(Boolean).join(' and ')}${homeNote(plan)}`,
        ]
      : [];
  const applied: Applied = { ...nothing, userFixed: true, info };
  if (!outcome.groupError) return applied;
  const why = `could not write ${ETC.group}: ${(outcome.groupError as NodeJS.ErrnoException).code ?? outcome.groupError.message}`;
  const fallen = fallBack(why, env, writers, replan, applied);
  return { ...fallen, info: [...info, ...fallen.info], userFixed: true };
}

/** After a failed write in place: nss_wrapper's copies instead, when the library is there; else a warning. */
function fallBack(
  why: string,
  env: Record<string, string | undefined>,
  writers: Writers,
  replan: Replan,
  before: Applied,
): Applied {
  const next = replan('nss-wrapper');
  if (next.mode !== 'nss-wrapper' || !next.change) {
    return {
      ...before,
      warn: [...before.warn, `${why}; nss_wrapper cannot stand in: ${next.reason ?? 'nothing to write'}`],
    };
  }
  try {
    const copied = applyCopies(next, env, writers);
    return { ...copied, warn: [`${why}; nss_wrapper stands in`] };
  } catch (error) {
    return { ...before, warn: [...before.warn, `${why}; nss_wrapper cannot stand in: ${(error as Error).message}`] };
  }
}
