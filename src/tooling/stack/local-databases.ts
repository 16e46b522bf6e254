import type { Kysely } from 'kysely';
import type { CalculatorDatabase } from '../../services/calculator/calculator-database.ts';
import { createDatabase } from '../../services/shared/database.ts';
import type { TotalsDatabase } from '../../services/totals/totals-database.ts';
import { calculatorUrl, totalsUrl } from './database-urls.ts';
import { loadOrCreateSecrets } from './stack-secrets.ts';
import { loadStackSettings } from './stack-settings.ts';

export interface ServiceDatabases {
  calculator: Kysely<CalculatorDatabase>;
  totals: Kysely<TotalsDatabase>;
  destroy(): Promise<void>;
}

/**
 * Connections to both services' databases: the local stack's, or the ones named by
 * CALCULATOR_DATABASE_URL and TOTALS_DATABASE_URL.
 */
export function openServiceDatabases(environment: NodeJS.ProcessEnv = process.env): ServiceDatabases {
  const settings = loadStackSettings(environment);
  const secrets = loadOrCreateSecrets(settings);
  const calculator = createDatabase<CalculatorDatabase>({
    url: environment.CALCULATOR_DATABASE_URL ?? calculatorUrl(settings, secrets),
    maxConnections: 2,
    applicationName: 'reconciliation',
  });
  const totals = createDatabase<TotalsDatabase>({
    url: environment.TOTALS_DATABASE_URL ?? totalsUrl(settings, secrets),
    maxConnections: 2,
    applicationName: 'reconciliation',
  });
  return {
    calculator,
    totals,
    destroy: async () => {
      await Promise.all([calculator.destroy(), totals.destroy()]);
    },
  };
}
