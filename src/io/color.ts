/**
 * Colour decision, following no-color.org and Node's FORCE_COLOR semantics:
 * `--color/--no-color` > FORCE_COLOR > NO_COLOR > TERM=dumb > TTY.
 * Returns a chalk level (0 = none).
 */
export type ColorLevel = 0 | 1 | 2 | 3;

export function decideColorLevel(options: {
  flag: boolean | undefined;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}): ColorLevel {
  const { flag, env, isTTY } = options;
  if (flag === false) return 0;
  const force = env.FORCE_COLOR;
  if (flag === true) return forceLevel(force) || 1;
  if (force !== undefined) {
    return forceLevel(force);
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.TERM === 'dumb') return 0;
  return isTTY ? 1 : 0;
}

function forceLevel(force: string | undefined): ColorLevel {
  if (force === undefined) return 0;
  if (force === '' || force === '1' || force === 'true') return 1;
  if (force === '2') return 2;
  if (force === '3') return 3;
  return 0;
}
