import { describe, expect, it } from 'vitest';
import {
  BUILTINS,
  type CpuProfile,
  GARBAGE_COLLECTION,
  IDLE,
  NODE_INTERNALS,
  ownerOf,
  PROGRAM,
  summariseCpuProfile,
} from '../../src/tooling/bench/cpu-profile-summary.ts';

const ROOT = '/srv/app/';
const frame = (functionName: string, url: string) => ({ functionName, url });

describe('who a profiled frame belongs to', () => {
  it.each([
    [frame('(idle)', ''), IDLE],
    [frame('(garbage collector)', ''), GARBAGE_COLLECTION],
    [frame('(program)', ''), PROGRAM],
    [frame('JSONParse', ''), BUILTINS],
    [frame('writeGeneric', 'node:internal/stream_base_commons'), NODE_INTERNALS],
    [frame('query', 'file:///srv/app/node_modules/pg/lib/client.js'), 'pg'],
    [frame('write', 'file:///srv/app/node_modules/@grpc/grpc-js/build/src/server.js'), '@grpc/grpc-js'],
    // A package's own dependency is its own owner, whatever folder installs it.
    [
      frame('parse', 'file:///srv/app/node_modules/pg/node_modules/pg-protocol/dist/parser.js'),
      'pg-protocol',
    ],
    [frame('add', 'file:///srv/app/src/calculator/calculator-service.ts'), 'project: src/calculator'],
    [
      frame('add', 'file:///srv/app/src/services/calculator/calculator-service.ts'),
      'project: src/services/calculator',
    ],
    [frame('run', 'file:///srv/app/src/tooling/bench/open-loop.ts'), 'project: src/tooling/bench'],
    [frame('<anonymous>', 'file:///elsewhere/tool.js'), 'other code'],
  ])('%o is counted as %s', (callFrame, owner) => {
    expect(ownerOf(callFrame, ROOT)).toBe(owner);
  });
});

/**
 * root ─ program
 *      ├ idle
 *      └ pg query ─ node:net write ─ JSON builtin
 *                 └ kysely compile
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4] },
    { id: 2, callFrame: frame('(program)', '') },
    { id: 3, callFrame: frame('(idle)', '') },
    { id: 4, callFrame: frame('query', 'file:///srv/app/node_modules/pg/lib/client.js'), children: [5, 7] },
    { id: 5, callFrame: frame('writeGeneric', 'node:net'), children: [6] },
    { id: 6, callFrame: frame('stringify', '') },
    { id: 7, callFrame: frame('compile', 'file:///srv/app/node_modules/kysely/dist/compiler.js') },
  ],
  startTime: 1_000,
  endTime: 11_000,
  // One sample a millisecond: idle, idle, pg, net, builtin, kysely, program, idle, pg, pg.
  samples: [3, 3, 4, 5, 6, 7, 2, 3, 4, 4],
  timeDeltas: [1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000],
};
const share = (summary: ReturnType<typeof summariseCpuProfile>, owner: string) =>
  summary.shares.find((candidate) => candidate.owner === owner);

describe('a CPU profile summary', () => {
  it("charges the internals a package called to that package, and keeps each frame's own share", () => {
    const summary = summariseCpuProfile(profile, ROOT);
    expect(summary.samples).toBe(10);
    expect(summary.seconds).toBe(0.01);
    expect(share(summary, IDLE)).toEqual({ owner: IDLE, self: 0.3, withCallees: 0.3 });
    expect(share(summary, 'pg')).toEqual({ owner: 'pg', self: 0.3, withCallees: 0.5 });
    expect(share(summary, NODE_INTERNALS)).toEqual({ owner: NODE_INTERNALS, self: 0.1, withCallees: 0 });
    expect(share(summary, BUILTINS)).toEqual({ owner: BUILTINS, self: 0.1, withCallees: 0 });
    expect(share(summary, 'kysely')).toEqual({ owner: 'kysely', self: 0.1, withCallees: 0.1 });
    expect(summary.shares[0]?.owner).toBe('pg');
  });

  it('counts only the samples taken inside the window', () => {
    // Samples at 2,000 … 11,000 µs: the window 4,500-8,500 holds those at 5,000 … 8,000 (net, builtin, kysely, program).
    const summary = summariseCpuProfile(profile, ROOT, { fromUs: 4_500, toUs: 8_500 });
    expect(summary.samples).toBe(4);
    expect(summary.seconds).toBe(0.004);
    expect(share(summary, 'pg')?.withCallees).toBe(0.5);
    expect(share(summary, IDLE)).toBeUndefined();
  });

  it('has no shares when no sample fell in the window', () => {
    expect(summariseCpuProfile(profile, ROOT, { fromUs: 50_000, toUs: 60_000 }).shares).toEqual([]);
  });
});
