/** The parts of a `.cpuprofile` (what `node --cpu-prof` writes) that a summary needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  /** Microseconds, on the monotonic clock `process.hrtime` reads. */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuShare {
  owner: string;
  /** Share of the samples whose running function is the owner's own. */
  self: number;
  /** Share once the Node.js internals and V8 builtins it called are counted as its own. */
  withCallees: number;
}

export interface CpuSummary {
  samples: number;
  seconds: number;
  shares: CpuShare[];
}

export const IDLE = 'idle (waiting for I/O)';
export const GARBAGE_COLLECTION = 'garbage collection';
export const PROGRAM = 'V8 and native code outside JavaScript';
export const NODE_INTERNALS = 'Node.js internals';
export const BUILTINS = 'V8 builtins and native functions';

/**
 * Who a frame's time belongs to: an npm package (by the `node_modules` folder its file is in), the
 * project's own code (by its folder under `src/`, `src/services/` or `src/tooling/`), Node.js's internals, V8's builtins, or one of V8's
 * pseudo-frames (idle, garbage collection, program).
 */
export function ownerOf(callFrame: { functionName: string; url: string }, projectRoot: string): string {
  const { functionName, url } = callFrame;
  if (url === '') {
    if (functionName === '(idle)') return IDLE;
    if (functionName === '(garbage collector)') return GARBAGE_COLLECTION;
    if (functionName === '(program)' || functionName === '(root)') return PROGRAM;
    return BUILTINS;
  }
  if (url.startsWith('node:')) return NODE_INTERNALS;
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const inModules = file.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [scope, name] = file.slice(inModules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? file);
  }
  const root = projectRoot.endsWith('/') ? projectRoot : `${projectRoot}/`;
  if (file.startsWith(root)) {
    const [top, folder, area] = file.slice(root.length).split('/');
    if (top !== 'src' || !folder) return `project: ${top}`;
    // src/services/<area> and src/tooling/<area> are the folders that say whose code it is.
    const nested = (folder === 'services' || folder === 'tooling') && area && !area.endsWith('.ts');
    return `project: src/${folder}${nested ? `/${area}` : ''}`;
  }
  return 'other code';
}

const attributable = (owner: string) => owner === NODE_INTERNALS || owner === BUILTINS;

/**
 * Shares of the samples taken inside the window (all of them without one), by owner of the running
 * function; and again with the internals and builtins a package called charged to that package (the
 * nearest caller that is not itself internal), which is what it costs to use it.
 */
export function summariseCpuProfile(
  profile: CpuProfile,
  projectRoot: string,
  window?: { fromUs: number; toUs: number },
): CpuSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const owners = new Map<number, { self: string; charged: string }>();
  const ownersOf = (id: number) => {
    let known = owners.get(id);
    if (known) return known;
    const self = ownerOf(byId.get(id)?.callFrame ?? { functionName: '(program)', url: '' }, projectRoot);
    let charged = self;
    for (
      let caller = parentOf.get(id);
      attributable(charged) && caller !== undefined;
      caller = parentOf.get(caller)
    ) {
      const callerOwner = ownerOf(
        byId.get(caller)?.callFrame ?? { functionName: '(root)', url: '' },
        projectRoot,
      );
      if (!attributable(callerOwner) && callerOwner !== PROGRAM) charged = callerOwner;
    }
    known = { self, charged };
    owners.set(id, known);
    return known;
  };

  const self = new Map<string, number>();
  const charged = new Map<string, number>();
  let counted = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    counted += 1;
    const owner = ownersOf(id);
    self.set(owner.self, (self.get(owner.self) ?? 0) + 1);
    charged.set(owner.charged, (charged.get(owner.charged) ?? 0) + 1);
  });
  const shares = [...new Set([...self.keys(), ...charged.keys()])]
    .filter(() => counted > 0)
    .map((owner) => ({
      owner,
      self: (self.get(owner) ?? 0) / counted,
      withCallees: (charged.get(owner) ?? 0) / counted,
    }))
    .sort((a, b) => b.withCallees - a.withCallees || b.self - a.self || a.owner.localeCompare(b.owner));
  const seconds = window
    ? (Math.min(window.toUs, profile.endTime) - Math.max(window.fromUs, profile.startTime)) / 1e6
    : (profile.endTime - profile.startTime) / 1e6;
  return { samples: counted, seconds, shares };
}
