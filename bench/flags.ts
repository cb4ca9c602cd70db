/**
 * Numeric command-line flags of a bench: `--name value` or `--name=value`, each a positive number
 * (a positive integer when `integers`), over the defaults. An unknown flag or a bad value throws
 * with what was expected.
 */
export function numericFlags<T extends { [K in keyof T]: number }>(argv: readonly string[], defaults: T, flags: Record<string, keyof T>, integers = false): T {
  const options: T = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=');
    const key = flags[flag];
    if (!key) throw new Error(`unknown argument ${argv[i]} (expected ${Object.keys(flags).join(', ')})`);
    const value = Number(inline ?? argv[++i]);
    if (!(integers ? Number.isInteger(value) : Number.isFinite(value)) || value <= 0) throw new Error(`${flag} must be a positive ${integers ? 'integer' : 'number'}`);
    options[key] = value as T[keyof T];
  }
  return options;
}
