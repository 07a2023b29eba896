import { describe, expect, it } from 'vitest';
import type { DirState } from '../src/facts.js';
import { chooseHome, homeCandidates } from '../src/home.js';

/** A dirState over `dirs` that records what it was asked. */
const recording = (dirs: Record<string, DirState>): { dirState: (path: string) => DirState; asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    dirState: (path) => {
      asked.push(path);
      return dirs[path] ?? 'missing';
    },
  };
};

describe('chooseHome', () => {
  const candidates = homeCandidates('/home/app', undefined, 'default', '/tmp');

  it('takes the configured home when it is writable, and looks no further', () => {
    const { dirState, asked } = recording({ '/home/app': 'writable', '/tmp': 'writable' });
    expect(chooseHome(candidates, dirState, '/home/app')).toEqual({ home: '/home/app', warnings: [] });
    expect(asked).toEqual(['/home/app']);
  });

  it('passes over a missing or read-only configured home, with a warning', () => {
    const missing = recording({ '/tmp': 'writable' });
    expect(chooseHome(candidates, missing.dirState, '/home/app')).toEqual({
      home: '/tmp',
      warnings: ['home /home/app does not exist and could not be created; HOME is /tmp'],
    });
    expect(missing.asked).toEqual(['/home/app', '/home/default', '/tmp']);
    const readOnly = recording({ '/home/app': 'read-only', '/tmp': 'writable' });
    expect(chooseHome(candidates, readOnly.dirState, '/home/app').warnings).toEqual([
      'home /home/app is not writable; HOME is /tmp',
    ]);
  });

  it('takes the first that exists when none is writable, and says it is read-only', () => {
    const { dirState } = recording({ '/home/app': 'read-only', '/tmp': 'read-only' });
    expect(chooseHome(candidates, dirState, undefined)).toEqual({
      home: '/home/app',
      warnings: ['HOME /home/app is not writable by this user'],
    });
  });

  it('falls back to the last candidate, the temp dir, when none exists: HOME is never "/"', () => {
    const { dirState } = recording({});
    expect(chooseHome(candidates, dirState, undefined)).toEqual({ home: '/tmp', warnings: [] });
  });
});
