/**
 * A value as Grafana shows it for the panel's unit id (`s`, `bytes`, `percentunit`, …), or undefined
 * for a unit it does not know. It refers to nothing outside its own body: the rendered page carries
 * its source text, so the browser labels axes and legends exactly as the stat figures are labelled here.
 */
export function formatValue(value: number | null | undefined, unit: string): string | undefined {
  if (value === null || value === undefined || Number.isNaN(value)) return 'no value';
  const trimmed = (number: number, decimals: number) => String(Number(number.toFixed(decimals)));
  const auto = (number: number) => {
    const size = Math.abs(number);
    if (size === 0 || size >= 100) return trimmed(number, 0);
    if (size >= 10) return trimmed(number, 1);
    if (size >= 1) return trimmed(number, 2);
    return String(Number(number.toPrecision(2)));
  };
  const scaled = (number: number, base: number, prefixes: string[], suffix: string) => {
    let index = 0;
    let scaledNumber = number;
    while (Math.abs(scaledNumber) >= base && index < prefixes.length - 1) {
      scaledNumber /= base;
      index++;
    }
    return `${auto(scaledNumber)}${prefixes[index]}${suffix}`;
  };
  const count = (suffix: string) => scaled(value, 1000, ['', ' K', ' Mil', ' Bil', ' Tri'], suffix);
  const duration = (seconds: number) => {
    const size = Math.abs(seconds);
    if (size === 0) return '0 s';
    if (size < 1e-3) return `${auto(seconds * 1e6)} µs`;
    if (size < 1) return `${auto(seconds * 1e3)} ms`;
    if (size < 60) return `${auto(seconds)} s`;
    if (size < 3600) return `${auto(seconds / 60)} min`;
    if (size < 86400) return `${auto(seconds / 3600)} hour`;
    return `${auto(seconds / 86400)} day`;
  };
  switch (unit) {
    case 'none':
      return auto(value);
    case 'short':
      return count('');
    case 's':
      return duration(value);
    case 'ms':
      return duration(value / 1000);
    case 'bytes':
      return scaled(value, 1024, [' B', ' KiB', ' MiB', ' GiB', ' TiB'], '');
    case 'bool':
      return value === 0 ? 'False' : 'True';
    case 'percentunit':
      return `${auto(value * 100)}%`;
    case 'ops':
      return count(' ops/s');
    case 'reqps':
      return count(' req/s');
    case 'eps':
      return count(' events/s');
    case 'recps':
      return count(' records/s');
    case 'cpm':
      return count(' per min');
    default:
      return undefined;
  }
}
