import { describe, expect, it } from 'vitest';
import { profilerPlatform } from '../../src/tooling/bench/fetch-async-profiler.ts';
import { renderJvmProfiles } from '../../src/tooling/bench/jvm-profile-report.ts';
import type { ProfiledJvm } from '../../src/tooling/bench/profile-jvms.ts';

const broker: ProfiledJvm = {
  name: 'Kafka broker',
  load: 'the pipeline at 500 additions/s',
  perSecond: 498,
  cpuMsPerAddition: 0.4,
  cores: 0.2,
  collapsedStacks: 'bench/profiles/kafka.collapsed',
  summary: {
    samples: 1000,
    byThreadGroup: [{ name: 'data-plane-kafka-request-handler', share: 1, inKernel: 0.25 }],
    byOwner: [
      { name: 'kafka.server', share: 0.99, inKernel: 0.25 },
      { name: 'org.apache.kafka.raft', share: 0.006, inKernel: 0 },
      { name: 'GC', share: 0.004, inKernel: 0 },
    ],
  },
};

describe('the JVM profiles in the report', () => {
  it('shows each JVM with its CPU per addition, and sums the smallest owners into one row', () => {
    const markdown = renderJvmProfiles([broker]).join('\n');
    expect(markdown).toContain('0.40 CPU-ms per addition (0.20 cores)');
    expect(markdown).toContain('`bench/profiles/kafka.collapsed`');
    expect(markdown).toContain('| data-plane-kafka-request-handler | 100.0 % | 25.0 % |');
    expect(markdown).toContain('| kafka.server | 99.0 % | 25.0 % |');
    expect(markdown).toContain('| 2 others, each under 1.0 % | 1.0 % | 0.0 % |');
  });

  it('adds nothing for results without JVMs', () => {
    expect(renderJvmProfiles([])).toEqual([]);
  });
});

describe("async-profiler's agent for this machine", () => {
  it('is the jar folder of its architecture, and a clear refusal elsewhere', () => {
    expect(profilerPlatform('linux', 'x64')).toBe('linux-x64');
    expect(profilerPlatform('linux', 'arm64')).toBe('linux-arm64');
    expect(() => profilerPlatform('darwin', 'arm64')).toThrow(
      /Linux agent for x64 and arm64 only; this machine is darwin arm64/,
    );
  });
});
