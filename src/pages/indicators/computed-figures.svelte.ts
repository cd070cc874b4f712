// Computed indicators' figures for a screen, read from their aggregates. Aggregates
// missing on this device are built in the indicator worker when a screen that shows
// them opens (never at app start), and the worker ends with the screen.

import { latestFormVersion, liveAggregates, startIndicatorWorker, type IndicatorWorker } from '../../lib/db';
import type { ComputedIndicatorDefinition, Form } from '../../lib/domain/types';
import { groupLevels, type GroupLevels, type IndicatorResult } from '../../lib/indicators';

export class ComputedFigures {
  /** Newest form version by formId: its choices give the groups and their names. */
  forms = $state.raw<Record<string, Form | undefined>>({});
  building = $state(false);
  /** Responses read so far by the build. */
  read = $state(0);
  /** A definition does not compile (an imported indicator, say): it has no figures. */
  failed = $state(false);
  #generation = $state(0);
  #worker: IndicatorWorker | undefined;
  /**
   * Keys sent to the worker and still without figures: a build is asked for once, and
   * again only if figures it gave go missing (an aggregate marked stale by a write).
   */
  #asked = new Set<string>();
  readonly #defs: () => ComputedIndicatorDefinition[];
  readonly #live;

  constructor(defs: () => ComputedIndicatorDefinition[]) {
    this.#defs = defs;
    this.#live = liveAggregates(() => ({ defs: this.#defs(), levels: this.levels, generation: this.#generation }));

    $effect(() => {
      const ids = [...new Set(this.#defs().map((d) => d.formId))];
      void Promise.all(ids.map(async (id) => [id, await latestFormVersion(id)] as const)).then((found) => {
        this.forms = Object.fromEntries(found);
      });
    });

    $effect(() => {
      if (this.#live.loading) return;
      this.#defs().forEach((d, i) => this.#live.current[i] && this.#asked.delete(d.key));
      const missing = this.#defs().filter((d, i) => this.#live.current[i] === null && !this.#asked.has(d.key));
      if (missing.length > 0) void this.#build(this.#defs());
    });

    $effect(() => () => this.#worker?.terminate());
  }

  get levels(): Record<string, GroupLevels> {
    const levels: Record<string, GroupLevels> = {};
    for (const def of this.#defs()) {
      const form = this.forms[def.formId];
      if (form) levels[def.key] = groupLevels(def, form);
    }
    return levels;
  }

  /** Figures in the order of the definitions; null while one is being built. */
  get results(): (IndicatorResult | null)[] {
    return this.#live.current;
  }

  get loading(): boolean {
    return this.#live.loading;
  }

  async #build(defs: ComputedIndicatorDefinition[]): Promise<void> {
    for (const def of defs) this.#asked.add(def.key);
    this.building = true;
    this.read = 0;
    this.#worker ??= startIndicatorWorker();
    try {
      const { invalid } = await this.#worker.build($state.snapshot(defs), (read) => (this.read = read));
      if (invalid.length > 0) this.failed = true;
    } catch {
      this.failed = true;
    } finally {
      this.building = false;
      this.#generation++;
    }
  }
}
