import type { Locator } from 'playwright-core';

/**
 * Assertions on what the user sees. playwright-core has no `expect`; waitFor
 * throws (and so fails the test) when the state is not reached in time.
 */
export async function shows(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}

export async function hides(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.waitFor({ state: 'hidden', timeout });
}
