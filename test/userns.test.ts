import { describe, expect, it } from 'vitest';
import { usernsBlocker } from '../src/userns.js';

describe('usernsBlocker', () => {
  it.each([
    ['open Debian', { unprivilegedClone: '1\n', maxUserNamespaces: '96365\n' }, false, undefined],
    ['no such sysctls (other kernels)', {}, false, undefined],
    [
      'Debian with unprivileged_userns_clone=0',
      { unprivilegedClone: '0\n', maxUserNamespaces: '100' },
      false,
      'kernel.unprivileged_userns_clone is 0',
    ],
    ['... which root may still use', { unprivilegedClone: '0\n', maxUserNamespaces: '100' }, true, undefined],
    ['max_user_namespaces=0 blocks even root', { maxUserNamespaces: '0\n' }, true, 'user.max_user_namespaces is 0'],
    [
      'Ubuntu AppArmor restriction',
      { apparmorRestrict: '1\n', maxUserNamespaces: '100' },
      false,
      'kernel.apparmor_restrict_unprivileged_userns is 1',
    ],
  ])('%s', (_label, sysctls, root, expected) => {
    const found = usernsBlocker(sysctls, root);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(expected);
  });
});
