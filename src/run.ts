// The default command: plan the identity, make HOME, write the plan, then exec COMMAND
// (docs/design.md, "From argv to exec").
import { bundleDir, loadAddon } from './addon.js';
import { applyPlan, makeHome } from './apply.js';
import type { Config, Env } from './config.js';
import { childEnv, SIGMASK } from './env.js';
import { EXIT, ExitError } from './errors.js';
import { ENV_PATH, envCanBlock, execveOf, replaceProcess } from './exec.js';
import { type Ids, planIdentity } from './identity.js';
import { blockedSignals, type Invocation, planInvocation, throughEnv } from './invocation.js';
import { lockBind } from './lock.js';
import { plainPasswdFile } from './nsscopy.js';
import { createLogger, type Logger } from './log.js';
import type { Plan } from './plan.js';
import { isPid1 } from './probe.js';
import { interpreterProblem, resolveCommand } from './resolve.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** tini as configured, else on PATH; undefined when it will not run COMMAND (see planInvocation) or is not there. */
function findTini(config: Config, path: string | undefined, pid1: boolean): string | undefined {
  if (config.init === 'none' || (config.init === 'auto' && !pid1)) return undefined;
  const found = resolveCommand(config.tini ?? 'tini', path);
  if ('path' in found) return found.path;
  if (config.init === 'tini') {
    throw new ExitError(EXIT.notFound, `--init tini: ${found.message}; install tini or pass --tini PATH`);
  }
  return undefined;
}

/** What --dry-run prints: the plan and the exec that would follow. */
const dryRunJson = (plan: Plan, invocation: Invocation | undefined, env: Record<string, string>): string => {
  const shown = Object.entries(env).filter(([k]) => /^(USER|LOGNAME|HOME|LD_PRELOAD|NSS_WRAPPER_.*)$/.test(k));
  return `${JSON.stringify({ ...plan, exec: invocation ?? null, childEnv: Object.fromEntries(shown) }, null, 2)}\n`;
};

/**
 * The plan, with its HOME made: where a directory the plan chose cannot be made, the plan is made
 * again without it, until one can (or the plan makes none).
 */
function planWithHome(config: Config, env: Env, ids: Ids, addon: ReturnType<typeof loadAddon>): Plan {
  const failed = new Set<string>();
  for (;;) {
    const plan = planIdentity(config, env, ids, addon, failed);
    if (config.dryRun || !plan.home?.create || failed.has(plan.home.home) || makeHome(plan, ids.uid)) return plan;
    failed.add(plan.home.home);
  }
}

/** Why the UID stays without the planned name, as the warning says it. */
const unfixed = (plan: Plan): string =>
  plan.placeholder && !plan.placeholder.replaced
    ? `UID ${plan.uid} keeps the runtime's entry, named ${plan.placeholder.name}`
    : `UID ${plan.uid} has no passwd entry; only USER, LOGNAME and HOME are set`;

/**
 * Without the addon, the caller's blocked signals reach COMMAND through GNU env, where there is
 * one; else COMMAND starts with none blocked, and a warning names them.
 */
function withCallersMask(invocation: Invocation, mask: string | undefined, log: Logger): Invocation {
  const signals = blockedSignals(mask);
  if (signals.length === 0) return invocation;
  if (envCanBlock(ENV_PATH, signals)) return throughEnv(invocation, ENV_PATH, signals);
  log.warn(
    `the caller's blocked signals (${signals.join(', ')}) cannot reach COMMAND, which starts with none blocked: this install has no addon, and ${ENV_PATH} is not GNU env`,
  );
  return invocation;
}

/**
 * Fixes the identity and replaces this process with COMMAND. Returns only for --dry-run, with
 * the exit code; a failure is thrown as an ExitError.
 */
export async function runEntrypoint(config: Config, command: string[], env: Env, io: Io): Promise<number> {
  if (command.length === 0 && !config.dryRun) {
    throw new ExitError(EXIT.usage, 'missing COMMAND: uid-entrypoint [options] [--] COMMAND [ARG...]');
  }
  const log = createLogger(config.logLevel, config.logFormat, io.stderr);
  const ids = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const addon = loadAddon(bundleDir());
  const plan = planWithHome(config, env, ids, addon);
  for (const warning of plan.warnings) log.warn(warning);

  let applied = { userFixed: plan.status !== 'unfixable' && plan.mode !== 'env', env: {}, unset: [] as string[] };
  let reason = plan.reason;
  if (!config.dryRun) {
    const replan = (mode?: 'nss-wrapper') => planIdentity(mode ? { ...config, mode } : config, env, ids, addon);
    const writers = {
      bind: lockBind(addon),
      plain: addon?.plainPasswd ?? plainPasswdFile,
      bases: plan.tempBases ?? ['/tmp', '/dev/shm'],
    };
    const done = await applyPlan(plan, env, writers, replan);
    for (const line of done.warn) log.warn(line);
    for (const line of done.info) log.info(line);
    applied = done;
    if (!done.userFixed && done.warn.length > 0) reason = done.warn.join('; ');
  }
  if (plan.placeholder && !plan.placeholder.replaced) {
    log.warn(`${unfixed(plan)}: ${reason ?? 'unknown reason'}`);
  } else if (!applied.userFixed) {
    if (config.strict) {
      throw new ExitError(
        EXIT.unfixable,
        `UID ${ids.uid} has no name and --strict is set: ${reason ?? 'unknown reason'}`,
      );
    }
    log.warn(`${unfixed(plan)}: ${reason ?? 'unknown reason'}`);
  }
  const nextEnv = childEnv(env, { ...plan.env, ...applied.env }, [...(plan.unset ?? []), ...applied.unset]);

  const [name, ...args] = command;
  let invocation: Invocation | undefined;
  if (name !== undefined) {
    const resolved = resolveCommand(name, nextEnv.PATH);
    if (!('path' in resolved)) throw new ExitError(resolved.code, resolved.message);
    const refused = interpreterProblem(resolved.path);
    if (refused) throw new ExitError(refused.code, refused.message);
    const replacer = execveOf(process, addon, env[SIGMASK]);
    const pid1 = isPid1();
    const tiniPath = findTini(config, nextEnv.PATH, pid1);
    if (pid1 && !tiniPath && config.init === 'auto') {
      log.warn('running as PID 1 without tini: zombies are not reaped (install tini or pass --tini)');
    }
    invocation = planInvocation({
      command: name,
      args,
      resolved: resolved.path,
      init: config.init,
      tiniPath,
      pid1,
      killGroup: config.killGroup,
    });
    // Under --permission without --allow-child-process neither env nor COMMAND can run: the exec says so.
    if (replacer.via === 'process.execve' && replacer.spawns) {
      invocation = withCallersMask(invocation, env[SIGMASK], log);
    }
    log.debug(`exec ${JSON.stringify(invocation.argv)} through ${replacer.via}`);
    if (!config.dryRun) replaceProcess(replacer, invocation, nextEnv);
  }
  io.stdout(dryRunJson(plan, invocation, nextEnv));
  return 0;
}
