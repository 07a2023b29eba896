// The default command: plan the identity, apply it, then exec COMMAND (DESIGN.md, "Behaviour, in order").
import { bundleDir, loadAddon } from './addon.js';
import { applyPasswd, prepareHome, writeNssWrapperFiles } from './apply.js';
import type { Config, Env } from './config.js';
import { childEnv, nssWrapperEnv } from './env.js';
import { EXIT, ExitError } from './errors.js';
import { execveOf, replaceProcess } from './exec.js';
import { planInvocation, type Invocation } from './invocation.js';
import { lockBind } from './lock.js';
import { createLogger, type Logger } from './log.js';
import { idNeedle, mayHaveUid, nameNeedle, uidDigitsNeedle } from './passwd.js';
import { planFix, planKnown, planRoot, type Plan } from './plan.js';
import {
  dirState,
  ETC,
  fileVersion,
  findNssWrapper,
  isPid1,
  libcPasswdRole,
  libraryDirs,
  lookupUser,
  probeFile,
} from './probe.js';
import { interpreterProblem, resolveCommand } from './resolve.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * From this size on, nsswitch.conf is read to learn what /etc/passwd is to the C library
 * (nsswitch.ts), so that the file is searched once, not twice: the C library's search for the UID
 * and ours cost in proportion to the file. Below it, reading nsswitch.conf costs more than it saves.
 */
export const LARGE_PASSWD = 256 * 1024;

/** $TMPDIR when it is an absolute path, else /tmp. */
export const tmpdirOf = (env: Env): string =>
  env.TMPDIR?.startsWith('/') ? env.TMPDIR.replace(/(.)\/+$/, '$1') : '/tmp';

/**
 * The identity plan for this process: the C library's answer first, the files
 * only when it does not know the UID, and of them only the lines that mention
 * the UID, the GID or the names the plan considers. On a large passwd, the
 * file is read once: where the C library reads only it, our search answers in
 * its place unless a line may have the UID; where it reads it first, the file
 * is not searched for the UID after it.
 */
export function planIdentity(config: Config, env: Env, uid: number, gid: number): Plan {
  const tmpdir = tmpdirOf(env);
  if (uid === 0) return planRoot(env, lookupUser()?.name ?? 'root', gid);
  const homeIsUnset = !env.HOME || env.HOME === '/';
  // Before anyone reads it: a passwd still like this at the write had no entry for the UID.
  const passwdBefore = fileVersion(ETC.passwd);
  const role = (passwdBefore?.size ?? 0) >= LARGE_PASSWD ? libcPasswdRole(env.LD_PRELOAD) : 'other';
  const names = [nameNeedle(config.name), ...(config.displace === '' ? [] : [nameNeedle(config.displace)])];
  // The file is the C library's whole answer: ours gives it, unless a line may have the UID.
  const searched = role === 'only' ? probeFile(ETC.passwd, [uidDigitsNeedle(uid), ...names]) : undefined;
  const user = searched && !mayHaveUid(searched.text, uid) ? undefined : lookupUser();
  if (user) return planKnown(config, { uid, gid, tmpdir, dirState }, user, homeIsUnset);
  // The C library searched the file first, in vain: no line there has the UID.
  const passwd = searched ?? probeFile(ETC.passwd, [...(role === 'first' ? [] : [idNeedle(uid)]), ...names]);
  const group = probeFile(ETC.group, [idNeedle(gid), nameNeedle(config.name)]);
  const needsLib = config.mode === 'nss-wrapper' || (config.mode === 'auto' && !passwd.writable);
  const nssWrapperLib = needsLib ? findNssWrapper(config.nssWrapperLib, libraryDirs(process.arch)) : undefined;
  return planFix(
    config,
    { uid, gid, user, passwd, group, nssWrapperLib, tmpdir, dirState, ...(passwdBefore && { passwdBefore }) },
    env,
  );
}

/** Carries out the plan's file changes; returns the variables nss_wrapper needs (none in other modes). */
async function applyPlan(plan: Plan, env: Env, log: Logger): Promise<Record<string, string>> {
  const { change } = plan;
  if (plan.status !== 'fix' || !change) return {};
  const who = `UID ${plan.uid} is now ${plan.env.USER}`;
  if (plan.mode === 'passwd') {
    const outcome = await applyPasswd(change, plan.uid, ETC, lockBind(loadAddon(bundleDir())));
    if (outcome === 'present') log.debug(`UID ${plan.uid} was added to ${ETC.passwd} by another start`);
    else
      log.info(`${who}: added to ${ETC.passwd}${change.groupLine ? ` and ${ETC.group}` : ''}; HOME=${plan.env.HOME}`);
    return {};
  }
  if (plan.mode === 'nss-wrapper' && plan.nssWrapperLib) {
    const files = writeNssWrapperFiles(change, ETC, [tmpdirOf(env), '/dev/shm']);
    log.info(`${who}: nss_wrapper files in ${files.dir}; HOME=${plan.env.HOME}`);
    return nssWrapperEnv(env, plan.nssWrapperLib, files.passwd, files.group);
  }
  return {};
}

/** tini as configured, else on PATH; undefined when it will not run COMMAND (see planInvocation) or is not there. */
function findTini(config: Config, path: string | undefined, pid1: boolean): string | undefined {
  if (config.init === 'none' || (config.init === 'auto' && !pid1)) return undefined;
  const found = resolveCommand(config.tini ?? 'tini', path);
  if ('path' in found) return found.path;
  if (config.init === 'tini')
    throw new ExitError(EXIT.notFound, `--init tini: ${found.message}; install tini or pass --tini PATH`);
  return undefined;
}

/** What --dry-run prints: the plan and the exec that would follow. */
const dryRunJson = (plan: Plan, invocation: Invocation | undefined, env: Record<string, string>): string =>
  `${JSON.stringify({ ...plan, exec: invocation ?? null, childEnv: Object.fromEntries(Object.entries(env).filter(([k]) => /^(USER|LOGNAME|HOME|LD_PRELOAD|NSS_WRAPPER_.*)$/.test(k))) }, null, 2)}\n`;

/**
 * Fixes the identity and replaces this process with COMMAND. Returns only for --dry-run, with
 * the exit code; a failure is thrown as an ExitError.
 */
export async function runEntrypoint(config: Config, command: string[], env: Env, io: Io): Promise<number> {
  if (command.length === 0 && !config.dryRun)
    throw new ExitError(EXIT.usage, 'missing COMMAND: uid-entrypoint [options] [--] COMMAND [ARG...]');
  const log = createLogger(config.logLevel, config.logFormat, io.stderr);
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  if (!config.dryRun && config.home !== undefined && dirState(config.home) === 'missing') prepareHome(config.home);
  const plan = planIdentity(config, env, uid, gid);
  for (const warning of plan.warnings) log.warn(warning);

  let extra: Record<string, string> = {};
  let fixed = plan.status !== 'unfixable' && plan.mode !== 'env';
  let reason = plan.reason;
  if (!config.dryRun) {
    try {
      extra = await applyPlan(plan, env, log);
    } catch (error) {
      fixed = false;
      reason = `could not write the entry: ${(error as Error).message}`;
    }
  }
  if (!fixed) {
    if (config.strict)
      throw new ExitError(EXIT.unfixable, `UID ${uid} has no name and --strict is set: ${reason ?? 'unknown reason'}`);
    log.warn(`UID ${uid} has no passwd entry; only USER, LOGNAME and HOME are set: ${reason ?? 'unknown reason'}`);
  }
  const nextEnv = childEnv(env, { ...plan.env, ...extra });

  const [name, ...args] = command;
  let invocation: Invocation | undefined;
  if (name !== undefined) {
    const resolved = resolveCommand(name, nextEnv.PATH);
    if (!('path' in resolved)) throw new ExitError(resolved.code, resolved.message);
    const refused = interpreterProblem(resolved.path);
    if (refused) throw new ExitError(refused.code, refused.message);
    const replacer = execveOf(process, loadAddon(bundleDir()));
    const pid1 = isPid1();
    const tiniPath = findTini(config, nextEnv.PATH, pid1);
    if (pid1 && !tiniPath && config.init === 'auto')
      log.warn('running as PID 1 without tini: zombies are not reaped (install tini or pass --tini)');
    invocation = planInvocation({
      command: name,
      args,
      resolved: resolved.path,
      init: config.init,
      tiniPath,
      pid1,
      killGroup: config.killGroup,
    });
    log.debug(`exec ${JSON.stringify(invocation.argv)} through ${replacer.via}`);
    if (!config.dryRun) replaceProcess(replacer, invocation, nextEnv);
  }
  io.stdout(dryRunJson(plan, invocation, nextEnv));
  return 0;
}
