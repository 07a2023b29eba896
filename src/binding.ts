// Node's internal bindings, reached through process.binding: the layer under a public module,
// used where the public module costs a container start more than the work itself.
import { withoutWarning } from './warnings.js';

/**
 * The binding `name` (one of the few process.binding still allows, such as pipe_wrap or os), or
 * undefined when this Node refuses it (`--permission`, or a Node without process.binding).
 * Its shape is not a public contract: every caller checks the members it uses, and falls back to
 * the public module when they are not as expected. process.binding is deprecated (DEP0111: in
 * the docs, and a warning under --pending-deprecation, which is kept out of the container's log).
 */
export function binding(name: string): Record<string, unknown> | undefined {
  try {
    const found: unknown = withoutWarning(/process\.binding/, () =>
      (process as unknown as { binding(name: string): unknown }).binding(name),
    );
    return typeof found === 'object' && found !== null ? (found as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
