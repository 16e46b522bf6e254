/** How the benchmark's reports write figures. */
export const count = (value: number) => Math.round(value).toLocaleString('en-US');
export const rate = (value: number) => `${count(value)}/s`;
export const ms = (value: number) => `${value.toFixed(1)} ms`;
/** CPU time per addition: fractions of a millisecond, so two decimals. */
export const cpuMs = (value: number) => `${value.toFixed(2)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}x`;
export const verdict = (met: boolean) => (met ? 'met' : 'not met');
