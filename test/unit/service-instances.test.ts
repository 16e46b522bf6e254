import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeInstances,
  instanceAddresses,
  parseInstanceName,
  serviceInstances,
} from '../../src/tooling/stack/service-instances.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { writeStackScale } from '../../src/tooling/stack/stack-scale.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';
import { stackUp } from '../../src/tooling/stack/stack-up.ts';

const freshDataDir = () => mkdtempSync(path.join(tmpdir(), 'stack-scale-'));
const settingsWith = (environment: NodeJS.ProcessEnv) =>
  loadStackSettings({ STACK_DATA_DIR: freshDataDir(), STACK_SECURITY: 'off', ...environment });

describe('several instances of a service in the local stack', () => {
  it('names the first instance after the service and moves each next one 10 ports up', () => {
    const settings = settingsWith({ STACK_CALCULATORS: '2', STACK_TOTALS_KEEPERS: '3' });
    expect(serviceInstances(settings, 'calculator').map(({ name, port }) => [name, port])).toEqual([
      ['calculator', 20051],
      ['calculator-2', 20061],
    ]);
    expect(instanceAddresses(settings, 'totals')).toEqual([
      '127.0.0.1:20052',
      '127.0.0.1:20062',
      '127.0.0.1:20072',
    ]);
    expect(describeInstances(settings, 'totals')).toBe(
      '3 totals keepers 127.0.0.1:20052, 127.0.0.1:20062, 127.0.0.1:20072',
    );
    expect(describeInstances(settingsWith({}), 'calculator')).toBe('calculator 127.0.0.1:20051');
  });

  it('tells an instance of a service from any other part', () => {
    expect(parseInstanceName('totals')).toEqual({ kind: 'totals', index: 1 });
    expect(parseInstanceName('calculator-2')).toEqual({ kind: 'calculator', index: 2 });
    expect(parseInstanceName('totals-1')).toBeUndefined();
    expect(parseInstanceName('totals-x')).toBeUndefined();
    expect(parseInstanceName('postgres-exporter')).toBeUndefined();
  });

  it('spreads the clients over every calculator round-robin, and calls one calculator directly', () => {
    const two = calculatorTarget(settingsWith({ STACK_CALCULATORS: '2' }));
    expect(two.address).toBe('ipv4:127.0.0.1:20051,127.0.0.1:20061');
    expect(JSON.parse(String(two.channelOptions?.['grpc.service_config']))).toEqual({
      loadBalancingConfig: [{ round_robin: {} }],
    });
    const one = calculatorTarget(settingsWith({}));
    expect(one.address).toBe('127.0.0.1:20051');
    expect(one.channelOptions?.['grpc.service_config']).toBeUndefined();
  });

  it('remembers the numbers the stack was last started with, which a variable overrides', () => {
    const dataDir = freshDataDir();
    expect(loadStackSettings({ STACK_DATA_DIR: dataDir }).totalsKeepers).toBe(1);
    writeStackScale(dataDir, { calculators: 2, totalsKeepers: 3 });
    const remembered = loadStackSettings({ STACK_DATA_DIR: dataDir });
    expect([remembered.calculators, remembered.totalsKeepers]).toEqual([2, 3]);
    expect(loadStackSettings({ STACK_DATA_DIR: dataDir, STACK_TOTALS_KEEPERS: '1' }).totalsKeepers).toBe(1);
    writeFileSync(path.join(dataDir, 'stack-scale.json'), 'not json');
    expect(loadStackSettings({ STACK_DATA_DIR: dataDir }).calculators).toBe(1);
  });

  it('refuses a number of instances it cannot run', async () => {
    expect(() => settingsWith({ STACK_TOTALS_KEEPERS: '0' })).toThrow(/STACK_TOTALS_KEEPERS/);
    expect(() => settingsWith({ STACK_CALCULATORS: 'two' })).toThrow(/STACK_CALCULATORS/);
    // Before anything is fetched or started: a fourth keeper on three partitions would never be ready.
    await expect(stackUp(settingsWith({ STACK_TOTALS_KEEPERS: '4' }), () => {})).rejects.toThrow(
      'totals: 4 totals keepers for 3 partitions',
    );
  });
});
