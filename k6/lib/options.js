// What every scenario shares: the thresholds that fail a run.
export const thresholds = {
  checks: ['rate>0.99'],
  grpc_req_duration: ['p(95)<250', 'p(99)<500'],
  additions_failed: ['count<1'],
};

export function scenarioOptions(scenario) {
  return { scenarios: { main: { exec: 'default', ...scenario } }, thresholds, setupTimeout: '30s' };
}
