// The command line of every script in scripts/: `--name value` (or `--name=value`) options, boolean
// flags and repeatable options. An unknown flag, a missing value or a bad number ends the script with
// exit code 2 before it starts any work; `--help` (or `-h`) prints the script's usage line.

export type OptionSpec =
  | { kind: 'string'; default?: string; choices?: readonly string[] }
  | { kind: 'positive-int'; default?: number }
  | { kind: 'number'; default?: number }
  | { kind: 'flag' }
  /** May repeat: every value, in order. */
  | { kind: 'list' };

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends { kind: 'flag' }
  ? boolean
  : S extends { kind: 'list' }
    ? string[]
    : S extends { kind: 'string' }
      ? (S extends { choices: readonly (infer C)[] } ? C : string) | (S extends { default: string } ? never : undefined)
      : number | (S extends { default: number } ? never : undefined);

export type CliValues<S extends OptionSpecs> = { [K in keyof S]: ValueOf<S[K]> };

export class CliError extends Error {}

/** The values of `argv` (without the node and script paths); throws a CliError on bad input. A bare `--` is skipped. */
export function parseArgv<const S extends OptionSpecs>(specs: S, argv: readonly string[]): CliValues<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.kind === 'flag') values[name] = false;
    else if (spec.kind === 'list') values[name] = [];
    else values[name] = spec.default;
  }
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') continue;
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(token);
    const spec = match ? specs[match[1]!] : undefined;
    if (!match || !spec) throw new CliError(`unknown argument ${token}`);
    const name = match[1]!;
    const flag = `--${name}`;
    if (spec.kind === 'flag') {
      if (match[2] !== undefined) throw new CliError(`${flag} takes no value`);
      values[name] = true;
      continue;
    }
    let text = match[2];
    if (text === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new CliError(`${flag} needs a value`);
      text = next;
      i++;
    }
    values[name] = valueOf(flag, spec, text, values[name]);
  }
  return values as CliValues<S>;
}

function valueOf(flag: string, spec: Exclude<OptionSpec, { kind: 'flag' }>, text: string, previous: unknown): unknown {
  switch (spec.kind) {
    case 'list':
      return [...(previous as string[]), text];
    case 'string':
      if (spec.choices && !spec.choices.includes(text)) throw new CliError(`${flag} must be ${spec.choices.join(' or ')}, not ${text}`);
      return text;
    case 'positive-int': {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} needs a positive integer, not ${text}`);
      return n;
    }
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw new CliError(`${flag} needs a number, not ${text}`);
      return n;
    }
  }
}

/**
 * `parseArgv` for a script: on --help prints "usage: " and `usage` and exits 0; on bad input prints the
 * error after the script's `name` and exits 2.
 */
export function parseCli<const S extends OptionSpecs>(name: string, usage: string, specs: S, argv: readonly string[] = process.argv.slice(2)): CliValues<S> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  try {
    return parseArgv(specs, argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`${name}: ${error.message} (--help lists the options)`);
    process.exit(2);
  }
}
