/**
 * A rule's reservoir: at most `size` requests sampled per wall-clock second, whatever the fixed
 * rate says; once a second's reservoir is used up, the fixed rate decides. X-Ray keeps one per
 * rule and shares it among the clients that report statistics (see `targets.ts`).
 */
export class Reservoir {
  private second = -1;
  private taken = 0;

  constructor(private size: number) {}

  resize(size: number): void {
    this.size = size;
  }

  /** Takes one request from the reservoir of the second `nowMs` falls in; false when empty. */
  take(nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.taken = 0;
    }
    if (this.taken >= this.size) return false;
    this.taken++;
    return true;
  }
}
