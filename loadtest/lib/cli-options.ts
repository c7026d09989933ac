/** A bench option that must be an integer in `min..max`; anything else stops the bench with its name. */
export function intOption(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return n;
}

/** A comma-separated list of such integers (`--stages 250,500,1000`). */
export function intListOption(name: string, value: string | undefined, min: number, max: number): number[] {
  return (value ?? '').split(',').map((item) => intOption(name, item, min, max));
}
