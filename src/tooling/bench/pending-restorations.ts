export interface Restoration {
  /** Puts things back now (once: a second call does nothing). */
  restoreNow(): Promise<void>;
  /** The run put things back itself: nothing left to do. */
  dismiss(): void;
}

/**
 * What a run changed in the shared stack (a connector setting, a stopped service) and has still to put
 * back. Each section puts back its own changes when it ends, failed or not; when the run is interrupted
 * (Ctrl-C, SIGTERM) the CLI puts back whatever is still pending before it exits.
 */
export class PendingRestorations {
  private readonly pending = new Map<object, { description: string; restore: () => Promise<void> }>();

  add(description: string, restore: () => Promise<void>): Restoration {
    const key = {};
    this.pending.set(key, { description, restore });
    return {
      restoreNow: async () => {
        const entry = this.pending.get(key);
        if (!entry) return;
        this.pending.delete(key);
        try {
          await entry.restore();
        } catch (error) {
          throw new Error(`could not ${description}: ${(error as Error).message}`);
        }
      },
      dismiss: () => {
        this.pending.delete(key);
      },
    };
  }

  /** Runs every pending restoration, newest first; returns the ones that failed, with why. */
  async restoreAll(log: (line: string) => void): Promise<string[]> {
    const failures: string[] = [];
    for (const [key, { description, restore }] of [...this.pending].reverse()) {
      this.pending.delete(key);
      log(`putting back: ${description}`);
      try {
        await restore();
      } catch (error) {
        failures.push(`${description}: ${(error as Error).message}`);
      }
    }
    return failures;
  }
}

export const pendingRestorations = new PendingRestorations();
