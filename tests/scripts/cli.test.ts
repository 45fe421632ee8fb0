import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliError, parseArgv, parseCli } from '../../scripts/lib/cli';

const specs = {
  pack: { kind: 'string', default: 'ucf101-6' },
  head: { kind: 'string' },
  input: { kind: 'string', default: 'fast', choices: ['fast', 'full'] },
  runs: { kind: 'positive-int', default: 3 },
  limit: { kind: 'positive-int' },
  drawing: { kind: 'number', default: 0.5 },
  'skip-build': { kind: 'flag' },
  extra: { kind: 'list' },
} as const;

describe('parseArgv', () => {
  it('gives every default when nothing is passed', () => {
    expect(parseArgv(specs, [])).toEqual({
      pack: 'ucf101-6',
      head: undefined,
      input: 'fast',
      runs: 3,
      limit: undefined,
      drawing: 0.5,
      'skip-build': false,
      extra: [],
    });
  });

  it('reads strings, numbers and flags, as `--name value` or `--name=value`', () => {
    const v = parseArgv(specs, ['--pack', 'imagenet', '--head=ssm', '--runs', '7', '--limit=2', '--drawing', '0.25', '--skip-build']);
    expect(v).toMatchObject({ pack: 'imagenet', head: 'ssm', runs: 7, limit: 2, drawing: 0.25, 'skip-build': true });
  });

  it('skips the `--` that npm and tsx pass through', () => {
    expect(parseArgv(specs, ['--', '--runs', '4']).runs).toBe(4);
  });

  it('keeps every value of a repeated option, in order', () => {
    expect(parseArgv(specs, ['--extra', 'a', '--runs', '1', '--extra', 'b']).extra).toEqual(['a', 'b']);
  });

  it('refuses a count that is not a positive integer', () => {
    for (const bad of ['0', '-1', '2.5', 'x', '']) {
      expect(() => parseArgv(specs, ['--runs', bad])).toThrow(`--runs needs a positive integer, not ${bad}`);
    }
  });

  it('refuses a number that is not one', () => {
    expect(() => parseArgv(specs, ['--drawing', 'high'])).toThrow('--drawing needs a number, not high');
    expect(() => parseArgv(specs, ['--drawing='])).toThrow('--drawing needs a number');
    expect(parseArgv(specs, ['--drawing', '-1']).drawing).toBe(-1);
  });

  it('refuses a value outside the choices', () => {
    expect(() => parseArgv(specs, ['--input', 'half'])).toThrow('--input must be fast or full, not half');
  });

  it('refuses an option without its value', () => {
    expect(() => parseArgv(specs, ['--pack'])).toThrow('--pack needs a value');
    expect(() => parseArgv(specs, ['--pack', '--skip-build'])).toThrow('--pack needs a value');
  });

  it('refuses a value given to a flag', () => {
    expect(() => parseArgv(specs, ['--skip-build=yes'])).toThrow('--skip-build takes no value');
  });

  it('refuses unknown flags and stray words', () => {
    expect(() => parseArgv(specs, ['--nope'])).toThrow(new CliError('unknown argument --nope'));
    expect(() => parseArgv(specs, ['--skip-build', 'now'])).toThrow('unknown argument now');
    expect(() => parseArgv(specs, ['-n', '3'])).toThrow('unknown argument -n');
  });
});

describe('parseCli', () => {
  const options = { runs: { kind: 'positive-int', default: 3 } } as const;
  const parse = (argv: string[]) => parseCli('bench', 'npm run bench -- [--runs 3]', options, argv);

  afterEach(() => vi.restoreAllMocks());

  function exitCode(argv: string[]): { code: number | undefined; stdout: string; stderr: string } {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as typeof process.exit);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => parse(argv)).toThrow(/^exit/);
    return { code: exit.mock.calls[0]?.[0] as number | undefined, stdout: log.mock.calls.join('\n'), stderr: error.mock.calls.join('\n') };
  }

  it('returns the values of good arguments', () => {
    expect(parse(['--runs', '2'])).toEqual({ runs: 2 });
  });

  it('exits 2 with the script name and the reason on an unknown flag', () => {
    const { code, stderr } = exitCode(['--nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('bench: unknown argument --nope');
  });

  it('prints the usage line and exits 0 on --help', () => {
    const { code, stdout } = exitCode(['--runs', 'x', '--help']);
    expect(code).toBe(0);
    expect(stdout).toBe('usage: npm run bench -- [--runs 3]');
  });
});
