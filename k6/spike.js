// Quiet, then a sudden burst, then quiet: the pipeline absorbs it and drains.
import { addOnce, checkCalculatorHealth } from './lib/calculator.js';
import { scenarioOptions } from './lib/options.js';

export const options = scenarioOptions({
  executor: 'ramping-arrival-rate',
  startRate: 20,
  timeUnit: '1s',
  preAllocatedVUs: 100,
  maxVUs: 400,
  stages: [
    { target: 20, duration: '15s' },
    { target: Number(__ENV.SPIKE_RATE || 1500), duration: '5s' },
    { target: Number(__ENV.SPIKE_RATE || 1500), duration: '15s' },
    { target: 20, duration: '5s' },
    { target: 20, duration: '15s' },
  ],
});
export const setup = checkCalculatorHealth;
export default addOnce;
