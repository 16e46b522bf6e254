// A steady arrival rate, as a production day would bring.
import { addOnce, checkCalculatorHealth } from './lib/calculator.js';
import { scenarioOptions } from './lib/options.js';

export const options = scenarioOptions({
  executor: 'constant-arrival-rate',
  rate: Number(__ENV.RATE || 300),
  timeUnit: '1s',
  duration: __ENV.DURATION || '1m',
  preAllocatedVUs: 50,
  maxVUs: 200,
});
export const setup = checkCalculatorHealth;
export default addOnce;
