import { describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";

// The clock tests move instead of waiting: what it runs, and when.
describe("ManualClock", () => {
  it("runs a task once its time has come, in the order tasks fell due, and waits for them", async () => {
    const clock = new ManualClock(new Date("2031-01-01T00:00:00.000Z"));
    const ran: string[] = [];
    clock.after(200, async () => {
      await Promise.resolve();
      ran.push(`late at ${clock.now().toISOString()}`);
    });
    clock.after(100, () => ran.push("early"));
    await clock.advance(99);
    expect(ran).toEqual([]);
    await clock.advance(200);
    expect(ran).toEqual(["early", "late at 2031-01-01T00:00:00.299Z"]);
    await clock.advance(1000);
    expect(ran).toHaveLength(2);
  });

  it("a cancelled task never runs; one scheduled by a task waits for the next advance", async () => {
    const clock = new ManualClock();
    let runs = 0;
    clock.after(10, () => runs++).cancel();
    const again = () => {
      runs++;
      clock.after(10, again);
    };
    clock.after(10, again);
    await clock.advance(1000);
    expect(runs).toBe(1);
    await clock.advance(10);
    expect(runs).toBe(2);
  });

  it("sleep moves the clock and runs what fell due", async () => {
    const clock = new ManualClock(new Date(0));
    let ran = false;
    clock.after(50, () => (ran = true));
    await clock.sleep(50);
    expect(clock.now().getTime()).toBe(50);
    expect(ran).toBe(true);
  });
});
