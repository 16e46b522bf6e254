// What every scenario shares: the thresholds that fail a run.
export const thresholds = {
  checks: ['rate>0.99'],
  grpc_req_duration: ['p(95)<250', 'p(99)<500'],
  additions_failed: ['count<1'],
};

export function scenarioOptions(scenario) {
  return { scenarios: { main: { exec: 'default', ...scenario } }, thresholds, setupTimeout: '30s' };
}

/** A steady arrival rate: `RATE` additions per second for `DURATION`, with these defaults. */
export function constantArrival(defaultRate, defaultDuration, preAllocatedVUs, maxVUs) {
  return scenarioOptions({
    executor: 'constant-arrival-rate',
    rate: Number(__ENV.RATE || defaultRate),
    timeUnit: '1s',
    duration: __ENV.DURATION || defaultDuration,
    preAllocatedVUs,
    maxVUs,
  });
}
