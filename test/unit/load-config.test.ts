import { describe, expect, it } from 'vitest';
import { loadCalculatorConfig } from '../../src/services/calculator/calculator-config.ts';
import { loadTotalsConfig } from '../../src/services/totals/totals-config.ts';

describe('service configuration', () => {
  it('fails naming each missing or bad variable', () => {
    expect(() => loadCalculatorConfig({ CALCULATOR_GRPC_PORT: 'eighty' })).toThrow(
      /CALCULATOR_GRPC_PORT: .*\n.*CALCULATOR_DATABASE_URL: is required/s,
    );
    expect(() =>
      loadTotalsConfig({ TOTALS_DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: 'nohostport' }),
    ).toThrow(/KAFKA_BROKERS/);
  });

  it('applies documented defaults and freezes the result', () => {
    const config = loadCalculatorConfig({
      CALCULATOR_DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/calculator',
    });
    expect(config.CALCULATOR_GRPC_HOST).toBe('127.0.0.1');
    expect(config.CALCULATOR_GRPC_PORT).toBe(20051);
    expect(Object.isFrozen(config)).toBe(true);
    expect(
      loadTotalsConfig({ TOTALS_DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS,
    ).toEqual(['a:1', 'b:2']);
  });
});
