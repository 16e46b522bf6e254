// A moderate rate held for a long time, to catch leaks and growth (memory, WAL, lag).
import { addOnce, checkCalculatorHealth } from './lib/calculator.js';
import { scenarioOptions } from './lib/options.js';

export const options = scenarioOptions({
  executor: 'constant-arrival-rate',
  rate: Number(__ENV.RATE || 150),
  timeUnit: '1s',
  duration: __ENV.DURATION || '30m',
  preAllocatedVUs: 30,
  maxVUs: 100,
});
export const setup = checkCalculatorHealth;
export default addOnce;
