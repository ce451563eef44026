/**
 * Target profiles: reading the user's profile file, merging it over the defaults (which match the reference
 * simulator's), and resolving it into what each suite's requests need — base URL, template context and credentials.
 * Credentials are read from the environment at this point and handed to the redactor; they never appear in reports.
 */
import { SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import { suggest } from '../../lib/suggest.ts';
import { checkSchema } from '../load/schema-check.ts';
import { readYamlSource } from '../load/yaml-source.ts';
import { KNOWN_CAPABILITIES, type Credentials, type SecretSource, type SuiteTarget, type TargetProfile } from '../model/profile.ts';
import type { SourcePosition, Suite } from '../model/scenario.ts';
import { createOriginPolicy, type OriginPolicy } from './origin-policy.ts';

/**
 * The profile used when none is given: the reference simulator's defaults (the official Braintree SDK's test
 * identity; `settlekit`/`settlekit` for the Worldpay APIs) and every capability the simulator has.
 */
export const DEFAULT_PROFILE: TargetProfile = {
  capabilities: ['multiple-partial-settlements', 'testing-operations', 'clock-control', 'fault-injection', 'processor-first-data', 'processor-chase'],
  suites: {
    braintree: {
      merchantId: 'integration_merchant_id',
      credentials: { username: { value: 'integration_public_key' }, password: { value: 'integration_private_key' } },
      merchantAccounts: { firstData: 'first_data_ma', chase: 'chase_ma' },
    },
    'worldpay-payments': { credentials: { username: { value: 'settlekit' }, password: { value: 'settlekit' } } },
    'worldpay-split-payments': { credentials: { username: { value: 'settlekit' }, password: { value: 'settlekit' } } },
  },
};

/**
 * The built-in credentials: published (README, the SDK's test identity), so they are not secrets. Handed to the
 * redactor, the Worldpay default `settlekit` masked every "settlekit" of every report — the test controls' own
 * `/__settlekit/` paths included. The same values given by a user's profile are theirs, and secrets.
 */
const PUBLISHED_CREDENTIALS: ReadonlySet<SecretSource> = new Set(
  Object.values(DEFAULT_PROFILE.suites ?? {}).flatMap((suite) => (suite.credentials ? [suite.credentials.username, suite.credentials.password] : [])),
);

/** What one suite's requests need. */
export interface ResolvedSuiteTarget {
  /** Origin plus optional path prefix, without a trailing slash. */
  readonly baseUrl: string;
  /** The template context: `target.*` and `auth.*`. */
  readonly context: Readonly<Record<string, unknown>>;
  /** The origins this suite's links and redirects may lead to (its own, and the profile's `origins`). */
  readonly origins: OriginPolicy;
}

/** A profile resolved against the command line and the environment. */
export interface ResolvedTarget {
  readonly url: string;
  readonly embedded: boolean;
  readonly profilePath?: string;
  readonly capabilities: ReadonlySet<string>;
  readonly suites: ReadonlyMap<string, ResolvedSuiteTarget>;
  /** Every credential value but the built-in (published) ones, for the redactor. */
  readonly secrets: readonly string[];
}

/**
 * Reads and checks a profile file (YAML or JSON); problems are SETTLEKIT_E_PROFILE errors with positions. Given the
 * loaded suites, the capabilities it declares are checked against theirs and the kit's in the same pass.
 */
export async function readProfile(file: string, suites?: readonly Suite[]): Promise<TargetProfile> {
  const source = await readYamlSource(file);
  const errors = checkSchema('profile', source).map(
    (e) => new SettlekitError('SETTLEKIT_E_PROFILE', e.message, { ...(e.position ? { position: e.position } : {}), hint: e.hint }),
  );
  const declared = (source.value as { capabilities?: unknown } | null)?.capabilities;
  if (suites && Array.isArray(declared)) errors.push(...capabilityErrors(declared, suites, (i) => source.positionOf(['capabilities', i])));
  if (errors.length > 0) throw new SettlekitErrorList(errors);
  const profile = (source.value ?? {}) as TargetProfile;
  // Remember where each credential is named, so a missing environment variable points at its `env:` key.
  for (const [suite, target] of Object.entries(profile.suites ?? {})) {
    for (const part of ['username', 'password'] as const) {
      const secret = target.credentials?.[part];
      if (secret) secretPositions.set(secret, source.positionOf(['suites', suite, 'credentials', part, 'env' in secret ? 'env' : 'value']));
    }
  }
  return profile;
}

/** Where each credential of a profile read from a file is written. */
const secretPositions = new WeakMap<SecretSource, SourcePosition>();

/** The capabilities a profile may declare: the kit's, and those the suites declare (name → meaning). */
export function knownCapabilities(suites: readonly Suite[]): ReadonlyMap<string, string> {
  const known = new Map<string, string>(Object.entries(KNOWN_CAPABILITIES));
  for (const suite of suites) {
    for (const [name, meaning] of Object.entries(suite.capabilities ?? {})) if (!known.has(name)) known.set(name, `${meaning} (suite ${suite.id})`);
  }
  return known;
}

/**
 * A capability a profile given as an object declares that neither the kit nor a loaded suite knows (a file's are
 * checked by {@link readProfile}): a typo that would skip scenarios without a word. Throws SETTLEKIT_E_PROFILE errors.
 */
export function checkProfileCapabilities(profile: TargetProfile | undefined, suites: readonly Suite[]): void {
  const errors = capabilityErrors(profile?.capabilities ?? [], suites, () => undefined);
  if (errors.length > 0) throw new SettlekitErrorList(errors);
}

function capabilityErrors(names: readonly unknown[], suites: readonly Suite[], positionOf: (i: number) => SourcePosition | undefined): SettlekitError[] {
  const known = knownCapabilities(suites);
  return names.flatMap((name, i) => {
    if (typeof name !== 'string' || known.has(name)) return [];
    const position = positionOf(i);
    return [
      new SettlekitError('SETTLEKIT_E_PROFILE', `unknown capability "${name}"${suggest(name, [...known.keys()])}`, {
        ...(position ? { position } : {}),
        hint: `Capabilities: ${[...known.keys()].join(', ')} (settlekit list --capabilities); a suite declares its own under capabilities: in suite.yaml.`,
      }),
    ];
  });
}

/** The user's profile over the defaults: suites merge key by key; a declared capability list replaces the default one. */
export function mergeProfile(user: TargetProfile | undefined): TargetProfile {
  if (!user) return DEFAULT_PROFILE;
  const suites: Record<string, SuiteTarget> = { ...DEFAULT_PROFILE.suites };
  for (const [id, target] of Object.entries(user.suites ?? {})) {
    const base = suites[id] ?? {};
    suites[id] = { ...base, ...target, ...(target.merchantAccounts ? { merchantAccounts: { ...base.merchantAccounts, ...target.merchantAccounts } } : {}) };
  }
  return {
    ...(user.target ? { target: user.target } : {}),
    capabilities: user.capabilities ?? DEFAULT_PROFILE.capabilities ?? [],
    suites,
    ...(user.origins ? { origins: user.origins } : {}),
    ...(user.waivers ? { waivers: user.waivers } : {}),
  };
}

/** Resolves a merged profile for the suites that will run. */
export function resolveTarget(
  profile: TargetProfile,
  options: { targetUrl: string; embedded: boolean; profilePath?: string; suiteIds: readonly string[]; env?: NodeJS.ProcessEnv },
): ResolvedTarget {
  const env = options.env ?? process.env;
  const secrets: string[] = [];
  const errors: SettlekitError[] = [];
  const read = (source: SecretSource, what: string): string => {
    if ('value' in source) return source.value;
    const value = env[source.env];
    if (value === undefined || value === '') {
      const position = secretPositions.get(source) ?? (options.profilePath ? { file: options.profilePath } : undefined);
      errors.push(new SettlekitError('SETTLEKIT_E_SECRET_MISSING', `${what} names the environment variable ${source.env}, which is not set`, position ? { position } : {}));
      return '';
    }
    return value;
  };
  const suites = new Map<string, ResolvedSuiteTarget>();
  for (const id of options.suiteIds) {
    const target = profile.suites?.[id] ?? {};
    const baseUrl = stripSlash(target.baseUrl ?? options.targetUrl);
    const auth = credentialsOf(target.credentials, id, read, secrets);
    suites.set(id, {
      baseUrl,
      context: {
        target: {
          baseUrl,
          ...(target.merchantId ? { merchantId: target.merchantId } : {}),
          merchantAccounts: { ...target.merchantAccounts },
        },
        auth,
      },
      origins: createOriginPolicy(baseUrl, [...(profile.origins ?? []), ...(target.origins ?? [])]),
    });
  }
  if (errors.length > 0) throw new SettlekitErrorList(errors);
  return {
    url: stripSlash(options.targetUrl),
    embedded: options.embedded,
    ...(options.profilePath ? { profilePath: options.profilePath } : {}),
    capabilities: new Set(profile.capabilities ?? []),
    suites,
    secrets,
  };
}

function credentialsOf(credentials: Credentials | undefined, suite: string, read: (s: SecretSource, what: string) => string, secrets: string[]): Record<string, string> {
  if (!credentials) return {};
  const username = read(credentials.username, `suites.${suite}.credentials.username`);
  const password = read(credentials.password, `suites.${suite}.credentials.password`);
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const published = [credentials.username, credentials.password].map((source) => PUBLISHED_CREDENTIALS.has(source));
  if (!published[0]) secrets.push(username);
  if (!published[1]) secrets.push(password);
  if (!published[0] || !published[1]) secrets.push(basic.slice('Basic '.length));
  return { basic, username, password };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The profile of a run: the user's (a file or an object) merged over the defaults, its capabilities checked against
 * the kit's and the loaded suites' own.
 */
export async function loadRunProfile(options: { readonly profile?: string; readonly profileObject?: TargetProfile }, suites: readonly Suite[]): Promise<TargetProfile> {
  if (options.profileObject) checkProfileCapabilities(options.profileObject, suites);
  return mergeProfile(options.profileObject ?? (options.profile ? await readProfile(options.profile, suites) : undefined));
}
