import { z } from 'zod';
import { ContractError } from '../../../shared/contract';
import { describeIssues } from '../../../shared/describeIssues';
import type { Handlers } from '../../../shared/handlers';
import type { Permissions } from '../access/permissions';
import type { S3CredentialSettings } from './s3CredentialSettings';
import { SecretRefusal } from './secretStore';

type CredentialCalls = Pick<Handlers, 'credentials.list' | 'credentials.saveS3' | 'credentials.removeS3'>;

/** The host's calls over its saved S3 settings: secrets come in, only their summaries go out. */
export function credentialHandlers(settings: S3CredentialSettings, permissions: Permissions): CredentialCalls {
  const list = () => ({ protection: { ...settings.protection }, stores: settings.list() });
  const writable = (what: string) => {
    if (!permissions.canChangeWorkspace) throw new ContractError('forbidden', `${what} is not possible on this host (${permissions.mode} mode)`);
  };
  const checked = <T>(run: () => T): T => {
    try {
      return run();
    } catch (e) {
      if (e instanceof SecretRefusal) throw new ContractError('forbidden', e.message);
      if (e instanceof z.ZodError) throw new ContractError('invalid-input', describeIssues('S3 settings', e));
      throw new ContractError('invalid-input', (e as Error).message);
    }
  };
  return {
    'credentials.list': async () => list(),
    'credentials.saveS3': async ({ location, allowPlaintext, ...saved }) => {
      writable('saving S3 credentials');
      checked(() => settings.save(location, saved, { allowPlaintext }));
      return list();
    },
    'credentials.removeS3': async ({ location }) => {
      writable('removing S3 credentials');
      checked(() => settings.remove(location));
      return list();
    },
  };
}
