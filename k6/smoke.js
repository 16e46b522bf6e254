// A few users for twenty seconds: the pipeline answers and the thresholds hold.
import { addOnce, checkCalculatorHealth } from './lib/calculator.js';
import { scenarioOptions } from './lib/options.js';

export const options = scenarioOptions({
  executor: 'constant-vus',
  vus: 2,
  duration: __ENV.DURATION || '20s',
});
export const setup = checkCalculatorHealth;
export default addOnce;
