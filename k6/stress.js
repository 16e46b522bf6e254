// Arrivals ramp up past what the machine can take, to find where latency and errors break the thresholds.
import { addOnce, checkCalculatorHealth } from './lib/calculator.js';
import { scenarioOptions } from './lib/options.js';

const peak = Number(__ENV.PEAK_RATE || 4000);
export const options = scenarioOptions({
  executor: 'ramping-arrival-rate',
  startRate: 50,
  timeUnit: '1s',
  preAllocatedVUs: 100,
  maxVUs: 500,
  stages: [
    { target: peak / 4, duration: '30s' },
    { target: peak / 2, duration: '30s' },
    { target: peak, duration: '30s' },
    { target: 0, duration: '10s' },
  ],
});
export const setup = checkCalculatorHealth;
export default addOnce;
