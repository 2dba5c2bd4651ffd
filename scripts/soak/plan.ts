// The soak's plan: which phase each kill aims at and with what command, drawn from one seeded
// generator so a given --seed always makes the same plan. (When exactly the kill lands depends on
// the machine; the plan, the prompts and the fractions do not.)

export const GENERATION_PHASES = ['create', 'polling', 'download', 'commit'] as const;
export const LIBRARY_PHASES = ['export', 'backup', 'import'] as const;
export const PHASES = [...GENERATION_PHASES, ...LIBRARY_PHASES] as const;
export type Phase = (typeof PHASES)[number];
export type GenerationPhase = (typeof GENERATION_PHASES)[number];

export type Random = {
  next: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
};

/** mulberry32: small, fast and the same on every platform. */
export function makeRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

export type GenerationStep = {
  kind: 'generate';
  phase: GenerationPhase;
  /** Unique in the whole run: every accepted create is matched to its generation by it. */
  tag: string;
  n: number;
  isSync: boolean;
  isSequential: boolean;
  responseFormat: 'url' | 'b64_json';
  /** Simulator directives that widen the phase the kill aims at. */
  directives: string[];
  /** How far into the widened window the kill lands (0..1). */
  fraction: number;
  /** For `commit`: kill when this many of the generation's files have landed. */
  filesLanded: number;
};

export type LibraryStep = {
  kind: Extract<Phase, 'export' | 'backup' | 'import'>;
  phase: Extract<Phase, 'export' | 'backup' | 'import'>;
  fraction: number;
  /** export only: how many finished generations to export, and how. */
  generations: number;
  layout: 'flat' | 'date' | 'generation' | 'set';
  format: 'png' | 'webp' | 'jpeg';
};

export type Step = GenerationStep | LibraryStep;

export const CREATE_LATENCY_MS = 1200;
export const TASK_DURATION_MS = 4500;
export const DOWNLOAD_LATENCY_MS = 1200;

function generationStep(phase: GenerationPhase, tag: string, r: Random): GenerationStep {
  // Polling needs an async task; a download needs URLs (b64_json arrives inside the reply).
  const isSync = phase !== 'polling' && r.chance(0.3);
  const responseFormat = phase === 'download' || !r.chance(0.25) ? 'url' : 'b64_json';
  const isSequential = r.chance(0.3);
  const n = r.int(1, 4);
  const directives: string[] = [];
  if (phase === 'create') directives.push(`latency=${CREATE_LATENCY_MS} times=1`);
  if (phase === 'polling') directives.push(`duration=${TASK_DURATION_MS}`);
  if (phase === 'download') {
    directives.push(`latency=${DOWNLOAD_LATENCY_MS} on=download times=1`);
    // Half an image then a dropped connection: the retry's temp file is what a kill leaves.
    if (r.chance(0.4)) directives.push('truncate times=1');
  }
  if (isSequential && n > 1 && r.chance(0.3)) directives.push(`count=${r.int(1, n)}`);
  const count = /count=(\d+)/.exec(directives.join(' '));
  const images = count ? Number(count[1]) : n;
  return {
    kind: 'generate',
    phase,
    tag,
    n,
    isSync,
    isSequential,
    responseFormat,
    directives,
    fraction: r.next(),
    // Mostly the last file (mid-commit proper), sometimes an earlier one (files partly landed).
    filesLanded: r.chance(0.7) ? images : r.int(1, images),
  };
}

function libraryStep(phase: LibraryStep['phase'], r: Random): LibraryStep {
  return {
    kind: phase,
    phase,
    fraction: r.next(),
    generations: r.int(2, 6),
    layout: r.pick(['flat', 'date', 'generation', 'set'] as const),
    format: r.pick(['png', 'png', 'webp', 'jpeg'] as const),
  };
}

/**
 * An endless, seeded stream of steps. Each round aims once at every phase: the generation
 * phases in a shuffled order first (so there is something to export), then export, backup and
 * import (which reads the folder that round's export wrote).
 */
export function* planSteps(seed: number): Generator<Step> {
  const r = makeRandom(seed);
  let counter = 0;
  for (;;) {
    const phases = [...GENERATION_PHASES];
    for (let i = phases.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [phases[i], phases[j]] = [phases[j]!, phases[i]!];
    }
    for (const phase of phases) yield generationStep(phase, `s${seed}x${String(++counter).padStart(4, '0')}`, r);
    for (const phase of LIBRARY_PHASES) yield libraryStep(phase, r);
  }
}

/** The tag in a prompt the soak wrote (`soak#<tag>`), or undefined for any other prompt. */
export function tagOf(prompt: string): string | undefined {
  return /soak#(s\d+x\d+)/.exec(prompt)?.[1];
}

export function promptFor(step: GenerationStep): string {
  const faults = step.directives.map((d) => ` [[sim ${d}]]`).join('');
  return `花园里的小猫 soak#${step.tag}${faults}`;
}
