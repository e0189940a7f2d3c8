import { z } from 'zod';
import { parseS3Location, type S3ConnectionOptions } from '../stores/s3Store';
import type { SecretStore } from './secretStore';

const PREFIX = 's3:';

/** What the user saved for an S3 store: where the service is and whose keys (or which AWS profile) reach it. */
export const s3StoreSettingsSchema = z
  .strictObject({
    endpoint: z.string().max(2048).optional(),
    region: z.string().max(64).optional(),
    accessKeyId: z.string().min(1).max(256).optional(),
    secretAccessKey: z.string().min(1).max(1024).optional(),
    sessionToken: z.string().min(1).max(8192).optional(),
    profile: z.string().min(1).max(256).optional(),
  })
  .refine((s) => (s.accessKeyId === undefined) === (s.secretAccessKey === undefined), { error: 'give both the access key id and the secret access key' })
  .refine((s) => !(s.profile && s.accessKeyId), { error: 'give either keys or a profile name, not both' })
  .refine((s) => s.profile || s.accessKeyId, { error: 'give the access key id and secret access key, or an AWS profile name' })
  .refine((s) => !s.sessionToken || s.accessKeyId, { error: 'a session token goes with an access key id and secret' });
export type S3StoreSettings = z.output<typeof s3StoreSettingsSchema>;

/** What the renderer may see of saved settings: never a secret, only enough of the key id to recognise it. */
export interface S3SettingsSummary {
  readonly location: string;
  readonly endpoint: string | null;
  readonly region: string | null;
  /** `AKIA…WXYZ`, or the profile's name. */
  readonly credentials: { readonly kind: 'keys'; readonly keyId: string; readonly sessionToken: boolean } | { readonly kind: 'profile'; readonly profile: string };
}

/** `s3://bucket/prefix/` with the trailing slash, so one store's settings never match a longer sibling prefix. */
export function s3Scope(location: string): string {
  const { bucket, key } = parseS3Location(location);
  return `s3://${bucket}/${key === '' || key.endsWith('/') ? key : `${key}/`}`;
}

/** An access key id as people recognise it without learning it: its first four and last four characters. */
export function keyIdHint(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? `${accessKeyId.slice(0, 2)}…` : `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/**
 * S3 settings saved per store (an `s3://bucket/prefix`; a bucket's root covers all its prefixes):
 * endpoint, region and credentials, kept in the host's SecretStore. Where a store has settings they
 * take precedence over the environment and the AWS credential chain; without, both apply as before.
 */
export class S3CredentialSettings {
  constructor(private readonly secrets: SecretStore) {}

  get protection() {
    return this.secrets.protection;
  }

  save(location: string, settings: S3StoreSettings, options: { allowPlaintext?: boolean } = {}): S3SettingsSummary {
    const scope = s3Scope(location);
    const parsed = s3StoreSettingsSchema.parse(settings);
    this.secrets.set(PREFIX + scope, JSON.stringify(parsed), options);
    return summary(scope, parsed);
  }

  remove(location: string): void {
    this.secrets.delete(PREFIX + s3Scope(location));
  }

  list(): S3SettingsSummary[] {
    return this.secrets
      .names()
      .filter((n) => n.startsWith(PREFIX))
      .flatMap((n) => {
        const settings = this.read(n);
        return settings ? [summary(n.slice(PREFIX.length), settings)] : [];
      });
  }

  /**
   * The connection for a location: the saved settings of the longest saved scope holding it, over
   * `base` (the environment's endpoint and region); null where nothing is saved for it.
   */
  connectionFor(location: string, base: S3ConnectionOptions): (S3ConnectionOptions & { readonly settingsScope: string }) | null {
    const scope = s3Scope(location);
    const match = this.secrets
      .names()
      .filter((n) => n.startsWith(PREFIX) && scope.startsWith(n.slice(PREFIX.length)))
      .sort((a, b) => b.length - a.length)[0];
    const settings = match ? this.read(match) : null;
    if (!match || !settings) return null;
    const { endpoint, region, accessKeyId, secretAccessKey, sessionToken, profile } = settings;
    const { credentials: _chain, profile: _profile, ...where } = base;
    return {
      ...where,
      ...(endpoint ? { endpoint } : {}),
      ...(region ? { region } : {}),
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
      ...(profile ? { profile } : {}),
      settingsScope: match.slice(PREFIX.length),
    };
  }

  private read(name: string): S3StoreSettings | null {
    const text = this.secrets.get(name);
    const parsed = text === null ? null : s3StoreSettingsSchema.safeParse(JSON.parse(text));
    return parsed?.success ? parsed.data : null;
  }
}

function summary(location: string, s: S3StoreSettings): S3SettingsSummary {
  return {
    location,
    endpoint: s.endpoint ?? null,
    region: s.region ?? null,
    credentials: s.accessKeyId ? { kind: 'keys', keyId: keyIdHint(s.accessKeyId), sessionToken: Boolean(s.sessionToken) } : { kind: 'profile', profile: s.profile! },
  };
}
