// Calls the calculator over gRPC by server reflection, the way any client without the .proto files would.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import grpc from 'k6/net/grpc';

// One address, or several separated by commas (a stack of several calculators): each virtual user keeps
// to one of them, taken in turn, as a Kubernetes Service spreads connections over its pods.
const targets = (__ENV.CALCULATOR_ADDR || '127.0.0.1:20051').split(',');
export const target = targets.join(', ');
const ownTarget = () => targets[((exec.vu.idInTest || 1) - 1) % targets.length];
// TLS, trusting this CA, when GRPC_TLS_CA_FILE names one (`npm run k6` does when the stack is secured);
// plaintext otherwise. open() reads files only while the script initialises, so it is read here.
const caFile = __ENV.GRPC_TLS_CA_FILE;
const transport = caFile ? { plaintext: false, tls: { cacerts: [open(caFile)] } } : { plaintext: true };
// Every idempotency key of this run starts with it, so the reconciliation can find the run's rows.
export const runId = __ENV.K6_RUN_ID || `k6-${Date.now()}`;

export const additionsOk = new Counter('additions_ok');
export const additionsFailed = new Counter('additions_failed');

const client = new grpc.Client();
let connected = false;

function connect() {
  if (!connected) {
    client.connect(ownTarget(), { ...transport, reflect: true, timeout: '10s' });
    connected = true;
  }
}

/** Fails the whole run at once when the calculator is not serving. */
export function checkCalculatorHealth() {
  connect();
  const response = client.invoke('grpc.health.v1.Health/Check', { service: '' });
  if (response.status !== grpc.StatusOK || response.message.status !== 'SERVING') {
    exec.test.abort(`calculator at ${ownTarget()} is not healthy: ${JSON.stringify(response.message)}`);
  }
  client.close();
  connected = false;
}

const operands = [
  '0.1',
  '0.2',
  '-7.25',
  '123456789012345678901234567890.123456789012345678',
  '-0.000000000000000001',
  '42',
];

/** One addition; a failed call is retried with the same idempotency key, so it never counts twice. */
export function addOnce() {
  connect();
  const key = `${runId}-${exec.vu.idInTest}-${exec.vu.iterationInScenario}`;
  const request = {
    a: operands[exec.vu.iterationInScenario % operands.length],
    b: operands[(exec.vu.idInTest + 1) % operands.length],
    idempotency_key: key,
  };
  for (let attempt = 1; attempt <= 3; attempt++) {
    const response = client.invoke('calculator.v1.CalculatorService/Add', request, { timeout: '5s' });
    const ok = check(response, { 'Add answered OK': (r) => r.status === grpc.StatusOK });
    if (ok) {
      additionsOk.add(1);
      return;
    }
    sleep(0.1 * attempt);
  }
  additionsFailed.add(1);
}
