// A moderate rate held for a long time, to catch leaks and growth (memory, WAL, lag).
import { addOnce, checkCalculatorHealth } from './lib/calculator.js';
import { constantArrival } from './lib/options.js';

export const options = constantArrival(150, '30m', 30, 100);
export const setup = checkCalculatorHealth;
export default addOnce;
