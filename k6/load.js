// A steady arrival rate, as a production day would bring.
import { addOnce, checkCalculatorHealth } from './lib/calculator.js';
import { constantArrival } from './lib/options.js';

export const options = constantArrival(300, '1m', 50, 200);
export const setup = checkCalculatorHealth;
export default addOnce;
