// A FileChange for the tests, with what a plan always has (no group lines) filled in.
import { parseGroupLine } from '../../src/passwd.js';
import type { FileChange } from '../../src/plan.js';

export const change = (over: Partial<FileChange> & { groupLines?: string[] } = {}): FileChange => {
  const groupLines = over.groupLines ?? [];
  return {
    groupNames: groupLines.map((line) => {
      const entry = parseGroupLine(line);
      return { gid: entry?.gid ?? -1, name: entry?.name ?? '' };
    }),
    ...over,
    groupLines,
  };
};
