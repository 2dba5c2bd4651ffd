import type { ProfileView } from '../../../shared/contract';
import { JobEngine, type JobEvent } from '../jobs/job-engine';
import type { Library } from '../library/library';
import type { ProfileKindFields } from '../../../shared/inputs-contract';
import { DashScopeClient } from '../providers/dashscope-client';
import { GatewayClient } from '../providers/gateway-client';
import type { ImageProvider } from '../providers/provider-types';
import { WanError } from '../wan-error';
import type { AppHostOptions } from './app-types';
import { DEFAULT_PROFILE_KIND_FIELDS, type SettingsRepository } from './settings-repository';

// Provider profiles (saved ones, plus the built-in simulator and environment profiles) and one
// job engine per profile, all writing to the same library. Keys stay in the secret store.

export const SIMULATOR_PROFILE_ID = 'simulator';
export const ENV_PROFILE_ID = 'env';

type ResolvedProfile = {
  id: string;
  name: string;
  baseUrl: string;
  apiKey: string | undefined;
  isSimulator: boolean;
} & ProfileKindFields;

export function keyHint(key: string | undefined): string | null {
  return key ? `••••${key.slice(-4)}` : null;
}

export class ProviderRegistry {
  private readonly engines = new Map<string, { engine: JobEngine; signature: string }>();
  /** Engines replaced by a settings change, kept until their running jobs end. */
  private readonly retired = new Set<JobEngine>();

  constructor(
    private readonly library: Library,
    private readonly settings: SettingsRepository,
    private readonly options: AppHostOptions,
    private readonly onJobEvent: (event: JobEvent) => void,
  ) {}

  private all(): ResolvedProfile[] {
    const out: ResolvedProfile[] = [];
    const { simulator, envProfile, secrets } = this.options;
    if (envProfile)
      out.push({
        id: ENV_PROFILE_ID,
        // Named by its host (open.dieyuyun.com), which a person recognises, not by the variable.
        name: profileNameFor(envProfile.baseUrl),
        baseUrl: envProfile.baseUrl,
        apiKey: envProfile.apiKey,
        isSimulator: false,
        ...DEFAULT_PROFILE_KIND_FIELDS,
        ...(envProfile.kind ? { kind: envProfile.kind } : {}),
      });
    if (simulator)
      out.push({
        id: SIMULATOR_PROFILE_ID,
        name: 'Offline simulator · 离线模拟器',
        baseUrl: simulator.baseUrl,
        apiKey: simulator.key,
        isSimulator: true,
        ...DEFAULT_PROFILE_KIND_FIELDS,
      });
    for (const p of this.settings.profiles()) out.push({ ...p, apiKey: secrets.get(p.id), isSimulator: false });
    return out;
  }

  /** Every profile's key, for scrubbing text that leaves the app (diagnostics). */
  keys(): string[] {
    return this.all().flatMap((p) => (p.apiKey ? [p.apiKey] : []));
  }

  views(): ProfileView[] {
    return this.all().map((p) => ({
      id: p.id,
      name: p.name,
      baseUrl: p.baseUrl,
      hasKey: Boolean(p.apiKey),
      keyHint: keyHint(p.apiKey),
      isSimulator: p.isSimulator,
      kind: p.kind,
      region: p.region,
      editStyle: p.editStyle,
      paletteStyle: p.paletteStyle,
    }));
  }

  view(id: string): ProfileView {
    const found = this.views().find((p) => p.id === id);
    if (!found) throw new WanError('not_found', { detail: `no provider profile ${id}`, isRetryable: false });
    return found;
  }

  /** The profile a generation uses: the one asked for, else the active one, else the first with a key. */
  resolve(profileId?: string): ResolvedProfile {
    const all = this.all();
    const wanted = profileId ?? this.settings.get().activeProfileId ?? undefined;
    const profile = wanted ? all.find((p) => p.id === wanted) : all.find((p) => p.apiKey);
    if (!profile)
      throw new WanError('auth', {
        detail: 'No provider profile with an API key — add one in Settings.',
        isRetryable: false,
      });
    if (!profile.apiKey)
      throw new WanError('auth', {
        detail: `The profile "${profile.name}" has no API key — add it in Settings.`,
        isRetryable: false,
      });
    return profile;
  }

  /** The provider a profile's kind calls for; the key goes to it and nowhere else. */
  clientFor(profile: ResolvedProfile): ImageProvider {
    const common = {
      baseUrl: profile.baseUrl,
      apiKey: profile.apiKey ?? '',
      // The built-in simulator runs in this process on loopback, which no proxy could reach.
      fetch: profile.isSimulator ? undefined : this.options.fetch,
      logger: this.options.logger,
    };
    if (profile.kind === 'dashscope') return new DashScopeClient(common);
    return new GatewayClient({ ...common, editStyle: profile.editStyle, paletteStyle: profile.paletteStyle });
  }

  engineFor(profileId?: string): JobEngine {
    const profile = this.resolve(profileId);
    const signature = JSON.stringify([
      profile.baseUrl,
      profile.apiKey,
      profile.kind,
      profile.editStyle,
      profile.paletteStyle,
    ]);
    const cached = this.engines.get(profile.id);
    if (cached?.signature === signature) return cached.engine;
    if (cached) this.retire(cached.engine);
    const engine = new JobEngine({
      repo: this.library.repo,
      store: this.library.store,
      thumbnails: this.library.thumbnails,
      client: this.clientFor(profile),
      profile: { name: profile.id, baseUrl: profile.baseUrl },
      pollTiming: this.options.pollTiming,
      // Read at each use, so a change in Settings applies to jobs already waiting.
      maxConcurrent: () => this.settings.get().concurrency,
      queueTimeoutMs: () => this.settings.get().queueTimeoutMinutes * 60_000,
      logger: this.options.logger,
    });
    engine.on(this.onJobEvent);
    this.engines.set(profile.id, { engine, signature });
    return engine;
  }

  /**
   * The engine for an existing job: its own profile when that still has a key, else one on the
   * same gateway (a task id means something only there), else the active one.
   */
  engineForGeneration(record: { providerProfile: string; baseUrl: string }): JobEngine {
    const all = this.all().filter((p) => p.apiKey);
    const own = all.find((p) => p.id === record.providerProfile && p.baseUrl === record.baseUrl);
    const sameGateway = own ?? all.find((p) => p.baseUrl === record.baseUrl);
    return this.engineFor(sameGateway?.id);
  }

  private retire(engine: JobEngine): void {
    this.retired.add(engine);
    void engine.idle().then(() => this.retired.delete(engine));
  }

  /** Every engine that may hold the job (it ran under some profile's engine). */
  allEngines(): JobEngine[] {
    return [...[...this.engines.values()].map((e) => e.engine), ...this.retired];
  }

  /** Resumes unfinished jobs under every profile that has a key (each engine picks its own gateway's). */
  resumeAll(): void {
    for (const profile of this.all()) if (profile.apiKey) this.engineFor(profile.id).resume();
  }
}

/** A readable name for a profile made from the environment: the gateway's host. */
export function profileNameFor(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}
