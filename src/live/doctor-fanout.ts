import type { CommandContext } from '../context.js';
import type { DoctorCheck } from '../doctor/checks.js';
import type { LoadedManifest } from '../manifest/model.js';
import { placeLabel, roleArnFor } from '../ops/environment.js';
import { openFanOut } from './fanout.js';

/**
 * `doctor --env`: who eventctl is in every account × region of the environment, through each
 * account's role (one AssumeRole per account, one GetCallerIdentity per place, one attempt),
 * read by the fan-out's bounded pool. A place that cannot be reached, or answers as another
 * account than the environment names, is a failing check with the reason; the rest still report.
 */
export async function environmentDoctorChecks(ctx: CommandContext, loaded: LoadedManifest): Promise<DoctorCheck[]> {
  const fan = await openFanOut(ctx, loaded, { maxAttempts: 1 });
  if (!fan) return [];
  try {
    const { describeWhere } = await import('../aws/index.js');
    const results = await fan.run((slice) => describeWhere(slice.clients));
    return results.map((result): DoctorCheck => {
      const { place } = result;
      const name = `account ${placeLabel(place)}`;
      const where = result.ok ? result.value : undefined;
      if (!where || where.account === null) {
        return {
          name,
          status: 'fail',
          detail: `${place.accountId}: ${result.ok ? where?.accountError ?? 'no identity' : result.reason}`,
          hint: `check that role ${roleArnFor(fan.environment, place.accountId, fan.envName)} exists and trusts your first-hop identity`,
        };
      }
      if (where.account !== place.accountId) {
        return { name, status: 'fail', detail: `the role answered as account ${where.account}, environment '${fan.envName}' names ${place.accountId}`, hint: `fix the account id of '${place.alias}' or the role` };
      }
      return { name, status: 'ok', detail: `${where.account}, ${where.arn}` };
    });
  } finally {
    fan.close();
  }
}
