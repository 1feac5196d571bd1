import { InputError, type Problem, type SourceLocation } from '../errors.js';
import type { Manifest } from './model.js';

/**
 * With `environments:`, every bus and consumer must live in an account every environment names
 * (`account:` may be left out only while each environment has a single account), and a
 * `forwardFrom:` must name a bus of the platform. Checked at load: a wrong alias would otherwise
 * send a command to the wrong account.
 */
export function checkAccountAliases(manifest: Manifest, locate: (pointer: string) => SourceLocation): void {
  const environments = Object.entries(manifest.environments ?? {});
  if (environments.length === 0) return;
  const problems: Problem[] = [];
  const single = environments.every(([, env]) => Object.keys(env.accounts).length === 1);
  const check = (alias: string | undefined, pointer: string, what: string) => {
    if (alias === undefined) {
      if (!single) problems.push({ message: `${what} names no account`, hint: 'add account: <alias> (one of the environments\' accounts)', location: locate(pointer) });
      return;
    }
    for (const [name, env] of environments) {
      if (!(alias in env.accounts)) {
        problems.push({
          message: `${what} lives in account '${alias}', which environment '${name}' does not list`,
          hint: `environment '${name}' has: ${Object.keys(env.accounts).join(', ')}`,
          location: locate(`${pointer}/account`),
        });
      }
    }
  };
  const busNames = new Map(manifest.buses.map((b) => [b.name, b]));
  manifest.buses.forEach((bus, i) => {
    check(bus.account, `/buses/${i}`, `bus '${bus.name}'`);
    if (bus.forwardFrom === undefined) return;
    const hub = busNames.get(bus.forwardFrom);
    if (!hub || hub === bus) {
      problems.push({ message: `bus '${bus.name}' forwards from '${bus.forwardFrom}', which is not another bus of the platform`, hint: `buses: ${[...busNames.keys()].join(', ')}`, location: locate(`/buses/${i}/forwardFrom`) });
    }
  });
  manifest.consumers.forEach((consumer, i) => check(consumer.account, `/consumers/${i}`, `consumer '${consumer.name}'`));
  if (problems.length > 0) throw InputError.fromProblems(problems);
}
