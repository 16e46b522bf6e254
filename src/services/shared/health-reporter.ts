import type { HealthState } from 'nice-grpc-server-health';
import type { Logger } from './logger.ts';

export interface Condition {
  ok: boolean;
  /** Why it is not ok, for the log line when it changes. */
  reason?: string;
}

/**
 * The answer of the gRPC health service, made of named conditions (the database answers, the consumer
 * runs): SERVING only while every condition holds and the service is not stopping. A condition not yet
 * reported counts as not holding, so a service is never SERVING before it has checked.
 */
export class HealthReporter {
  readonly #conditions = new Map<string, Condition>();
  readonly #health: HealthState;
  readonly #serviceNames: readonly string[];
  readonly #logger: Logger;
  #stopping = false;

  constructor(
    health: HealthState,
    serviceNames: readonly string[],
    logger: Logger,
    expected: readonly string[],
  ) {
    this.#health = health;
    this.#serviceNames = serviceNames;
    this.#logger = logger;
    for (const name of expected) this.#conditions.set(name, { ok: false, reason: 'not checked yet' });
    this.#publish();
  }

  set(name: string, condition: Condition): void {
    const before = this.#conditions.get(name);
    this.#conditions.set(name, condition);
    if (before?.ok !== condition.ok || (!condition.ok && before?.reason !== condition.reason)) {
      if (condition.ok) this.#logger.info({ condition: name }, `${name}: ok again`);
      else this.#logger.warn({ condition: name, reason: condition.reason }, `${name}: ${condition.reason}`);
    }
    this.#publish();
  }

  /** Not serving from now on, whatever the conditions say: the service is shutting down. */
  stopping(): void {
    this.#stopping = true;
    this.#publish();
  }

  serving(): boolean {
    return !this.#stopping && [...this.#conditions.values()].every((condition) => condition.ok);
  }

  /** The conditions that do not hold, as `name: reason`. */
  failing(): string[] {
    return [...this.#conditions].flatMap(([name, condition]) =>
      condition.ok ? [] : [`${name}: ${condition.reason ?? 'not ok'}`],
    );
  }

  #publish(): void {
    const status = this.serving() ? 'healthy' : 'unhealthy';
    for (const service of ['', ...this.#serviceNames]) {
      if (this.#health.getStatus(service) !== status) this.#health.setStatus(status, service);
    }
  }
}
