import { readFile } from 'node:fs/promises';
import type { Group } from '../groups/group-store';
import type { SamplingRuleRecord } from '../sampling/rule-store';
import { writeFileAtomically } from './persistence';

/** The user-made sampling rules and groups, as saved (API shapes, times in epoch seconds). */
export interface SavedControlPlane {
  samplingRules: SamplingRuleRecord[];
  groups: Group[];
}

/** Its name in the collector's data directory (beside the traces' file). */
export const CONTROL_PLANE_FILE_NAME = 'xray-control-plane.json';

/**
 * The user-made sampling rules and groups kept across restarts in one small JSON file, rewritten
 * atomically after each change (changes are rare: a few a minute at most, from the controller).
 */
export class ControlPlaneFile {
  private lastSaved?: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    /** Told when a save fails (the next change tries again). */
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  /** What an earlier run saved; a missing file is an empty one, an unreadable one is an error. */
  async load(): Promise<SavedControlPlane> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { samplingRules: [], groups: [] };
      }
      throw error;
    }
    let saved: Partial<SavedControlPlane>;
    try {
      saved = JSON.parse(text) as Partial<SavedControlPlane>;
    } catch (error) {
      // Refused rather than overwritten: the user's rules and groups are in it.
      throw new Error(`${this.file} is not JSON (${(error as Error).message}); fix or remove it`);
    }
    this.lastSaved = text;
    return {
      samplingRules: Array.isArray(saved.samplingRules) ? saved.samplingRules : [],
      groups: Array.isArray(saved.groups) ? saved.groups : [],
    };
  }

  /** Queues a save of `state` (writes happen one after the other, the last state last). */
  save(state: SavedControlPlane): void {
    const text = `${JSON.stringify(state, null, 2)}\n`;
    if (text === this.lastSaved) return;
    this.lastSaved = text;
    this.writing = this.writing
      .then(() => writeFileAtomically(this.file, text))
      .catch((error: Error) => {
        this.lastSaved = undefined;
        this.onError(error);
      });
  }

  /** Resolves once every queued save is written. */
  flush(): Promise<void> {
    return this.writing;
  }
}
