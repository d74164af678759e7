import { TickHandler, TickScheduler } from "../../assembly/runtime/ticks";

class Counter extends TickHandler {
  count: i32 = 0;
  onTick(): void {
    this.count++;
  }
}

class Clearing extends TickHandler {
  constructor(public scheduler: TickScheduler) {
    super();
  }
  onTick(): void {
    this.scheduler.clear();
  }
}

describe("TickScheduler", () => {
  it("runs the host timer at the greatest common divisor of the periods", () => {
    const ticks = new TickScheduler();
    ticks.add(300, new Counter());
    ticks.add(200, new Counter());
    expect(ticks.periodMs).toBe(100);
    expect(ticks.periodChanged).toBe(true);
    ticks.markPeriodApplied();
    expect(ticks.periodChanged).toBe(false);
  });

  it("fires each task once per its own period", () => {
    const ticks = new TickScheduler();
    const fast = new Counter();
    const slow = new Counter();
    ticks.add(100, fast);
    ticks.add(300, slow);
    for (let i = 0; i < 6; i++) ticks.onHostTick();
    expect(fast.count).toBe(6);
    expect(slow.count).toBe(2);
  });

  it("refuses a zero period", () => {
    const ticks = new TickScheduler();
    expect(ticks.add(0, new Counter())).toBe(false);
    expect(ticks.size).toBe(0);
  });

  it("stops the timer when cleared", () => {
    const ticks = new TickScheduler();
    ticks.add(50, new Counter());
    ticks.markPeriodApplied();
    ticks.clear();
    expect(ticks.periodMs).toBe(0);
    expect(ticks.periodChanged).toBe(true);
  });

  it("lets a task clear the scheduler while it runs", () => {
    const ticks = new TickScheduler();
    const after = new Counter();
    ticks.add(10, new Clearing(ticks));
    ticks.add(10, after);
    ticks.onHostTick();
    expect(ticks.size).toBe(0);
    expect(after.count).toBe(1);
    ticks.onHostTick();
    expect(after.count).toBe(1);
  });
});
