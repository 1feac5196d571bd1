/** The width tables may use: `COLUMNS` when set (tests use 80), the terminal's width when stdout is one, else unlimited. */
export function tableWidth(env: NodeJS.ProcessEnv, stdoutColumns: number | undefined): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS !== undefined && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stdoutColumns !== undefined && stdoutColumns > 0 ? stdoutColumns : undefined;
}
