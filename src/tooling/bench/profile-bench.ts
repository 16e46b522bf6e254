import path from 'node:path';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { profileCalculator } from './profile-calculator.ts';
import { type ProfiledJvm, profileJvms } from './profile-jvms.ts';
import { profileTotalsKeeper } from './profile-totals-keeper.ts';
import type { ProfiledProcess, ProfilePlan } from './profiled-process.ts';

/**
 * The calculator and the totals keeper run as the stack runs them (heap caps, telemetry and its
 * sampler) under `node --cpu-prof`, each on a database of its own, and each profile is summarised over
 * the samples taken under load only: start-up and shutdown are left out. Then the stack's own Kafka
 * Connect and broker, sampled by async-profiler while the stack's pipeline carries the same fixed rate.
 */
export async function profileServices(
  settings: StackSettings,
  secrets: StackSecrets,
  plan: ProfilePlan,
  log: (line: string) => void,
): Promise<{ processes: ProfiledProcess[]; jvms: ProfiledJvm[] }> {
  const directory = path.join(settings.dataDir, 'bench', 'profiles');
  const calculator = await profileCalculator(settings, secrets, plan, directory, log);
  const totals = await profileTotalsKeeper(settings, secrets, plan, directory, log);
  const jvms = await profileJvms(settings, plan, directory, log);
  return { processes: [calculator, totals], jvms };
}
