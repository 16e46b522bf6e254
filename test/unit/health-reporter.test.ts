import { HealthState } from 'nice-grpc-server-health';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { HealthReporter } from '../../src/services/shared/health-reporter.ts';

const quiet = pino({ level: 'silent' });

function reporter(conditions: string[]) {
  const health = HealthState();
  return { health, reporter: new HealthReporter(health, ['demo.v1.Demo'], quiet, conditions) };
}

describe('the health answer', () => {
  it('is NOT_SERVING until every condition has been reported to hold', () => {
    const { health, reporter: health_ } = reporter(['database', 'consumer']);
    expect(health.getStatus('')).toBe('unhealthy');
    health_.set('database', { ok: true });
    expect(health.getStatus('')).toBe('unhealthy');
    expect(health_.failing()).toEqual(['consumer: not checked yet']);
    health_.set('consumer', { ok: true });
    expect(health.getStatus('')).toBe('healthy');
    expect(health.getStatus('demo.v1.Demo')).toBe('healthy');
  });

  it('turns NOT_SERVING as soon as one condition fails, and SERVING again when it holds', () => {
    const { health, reporter: health_ } = reporter(['database']);
    health_.set('database', { ok: true });
    health_.set('database', { ok: false, reason: 'database unreachable: connection refused' });
    expect(health.getStatus('')).toBe('unhealthy');
    expect(health.getStatus('demo.v1.Demo')).toBe('unhealthy');
    expect(health_.failing()).toEqual(['database: database unreachable: connection refused']);
    health_.set('database', { ok: true });
    expect(health.getStatus('')).toBe('healthy');
  });

  it('stays NOT_SERVING once stopping, whatever the conditions say', () => {
    const { health, reporter: health_ } = reporter(['database']);
    health_.set('database', { ok: true });
    health_.stopping();
    health_.set('database', { ok: true });
    expect(health.getStatus('')).toBe('unhealthy');
  });
});
