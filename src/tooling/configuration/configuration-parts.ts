import type { z } from 'zod';
import { calculatorConfigShape } from '../../services/calculator/calculator-config.ts';
import { connectorsTargetConfigShape } from '../../services/jobs/connectors-target-config.ts';
import { deployedDatabasesConfigShape } from '../../services/jobs/deployed-databases-config.ts';
import { totalsConfigShape } from '../../services/totals/totals-config.ts';
import { clusterSettingsShape } from '../cluster/cluster-settings.ts';
import { stackSettingsShape } from '../stack/stack-settings.ts';

/** One program's configuration: the schema it parses the environment against. */
export interface ConfigurationPart {
  part: string;
  /** Who reads these variables and who sets them, one sentence. */
  about: string;
  shape: z.ZodRawShape;
}

/** Every schema a user's variables reach, in the order the reference lists them. */
export const CONFIGURATION_PARTS: readonly ConfigurationPart[] = [
  {
    part: 'local stack',
    about: 'npm start, npm run stack:up and every command that works with the local stack.',
    shape: stackSettingsShape,
  },
  {
    part: 'local cluster',
    about:
      'npm run cluster:up and npm run test:cluster: the Kubernetes control plane the Helm chart is installed on.',
    shape: clusterSettingsShape,
  },
  {
    part: 'calculator',
    about:
      'The calculator service; the local stack sets its database URL and port, the image reads them as deployed.',
    shape: calculatorConfigShape,
  },
  {
    part: 'totals keeper',
    about:
      'The totals keeper service; the local stack sets its database URL, brokers and port, the image reads them as deployed.',
    shape: totalsConfigShape,
  },
  {
    part: 'migrate job',
    about:
      "The image's migrate job, for databases made by someone else (`npm run migrate` uses the local stack's).",
    shape: deployedDatabasesConfigShape,
  },
  {
    part: 'apply-connectors job',
    about: "The image's apply-connectors job and `npm run connectors:apply`.",
    shape: connectorsTargetConfigShape,
  },
];
