/** A dotted version (`1.26.8`, `17.0.15`) as numbers, for comparing one against a minimum. */
export type VersionNumber = number[];

/** The first dotted version in a command's output, or undefined when there is none. */
export function findVersion(text: string, pattern: RegExp): VersionNumber | undefined {
  const found = pattern.exec(text)?.[1];
  return found ? found.split('.').map(Number) : undefined;
}

/** Whether `version` is at least `minimum`, part by part (a missing part counts as 0). */
export function isAtLeast(version: VersionNumber, minimum: VersionNumber): boolean {
  for (let part = 0; part < Math.max(version.length, minimum.length); part++) {
    const difference = (version[part] ?? 0) - (minimum[part] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

export const formatVersion = (version: VersionNumber) => version.join('.');
