import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RESTARTS, RestartBudget, WINDOW_MS } from '../../client/src/restartBudget';

/** The client's policy for a crashing server: restart within a budget, tell the user once. */
describe('restart budget of the language client', () => {
  it('restarts up to the budget, telling the user only the first time', () => {
    const budget = new RestartBudget();
    const decisions = Array.from({ length: MAX_RESTARTS }, (_, i) => budget.crashed(1000 * i));
    assert.deepEqual(decisions, [{ restart: true, tellUser: true }, ...Array(MAX_RESTARTS - 1).fill({ restart: true, tellUser: false })]);
  });

  it('gives up when crashes keep coming within the window, telling the user once', () => {
    const budget = new RestartBudget();
    for (let i = 0; i < MAX_RESTARTS; i++) budget.crashed(i);
    assert.deepEqual(budget.crashed(MAX_RESTARTS), { restart: false, tellUser: true });
    assert.deepEqual(budget.crashed(MAX_RESTARTS + 1), { restart: false, tellUser: false });
  });

  it('forgets crashes older than the window', () => {
    const budget = new RestartBudget();
    for (let i = 0; i < MAX_RESTARTS; i++) budget.crashed(i);
    assert.deepEqual(budget.crashed(WINDOW_MS + 10), { restart: true, tellUser: false });
    assert.equal(budget.count, 1);
  });
});
