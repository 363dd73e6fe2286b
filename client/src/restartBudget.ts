/**
 * How often a crashed language server is restarted: at most MAX_RESTARTS times within WINDOW_MS,
 * after which it stays down (a server that crashes at once on every start would otherwise loop).
 * Plain logic without the VS Code API, so it is testable under Node.
 */
export const MAX_RESTARTS = 4;
export const WINDOW_MS = 3 * 60 * 1000;

export type RestartDecision =
  /** Restart; `tellUser` is true the first time only. */
  | { restart: true; tellUser: boolean }
  /** Give up; `tellUser` is true the first time only. */
  | { restart: false; tellUser: boolean };

export class RestartBudget {
  private readonly crashes: number[] = [];
  private toldRestart = false;
  private toldGiveUp = false;

  constructor(private readonly max = MAX_RESTARTS, private readonly windowMs = WINDOW_MS) {}

  /** Called when the server's connection closed unexpectedly at `now` (ms). */
  crashed(now: number): RestartDecision {
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > this.windowMs) this.crashes.shift();
    if (this.crashes.length <= this.max) {
      const tellUser = !this.toldRestart;
      this.toldRestart = true;
      return { restart: true, tellUser };
    }
    const tellUser = !this.toldGiveUp;
    this.toldGiveUp = true;
    return { restart: false, tellUser };
  }

  get count(): number {
    return this.crashes.length;
  }
}
