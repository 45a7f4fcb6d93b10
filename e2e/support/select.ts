import type { Locator, Page } from 'playwright-core';

/** What the page's animations are read as: the e2e code is compiled without the DOM's types. */
interface Motion {
  playState: string;
  effect: { getComputedTiming(): { iterations?: number } } | null;
}

/**
 * Resolves once nothing on the page is moving. antd's drawers slide and its modals and drop-downs
 * zoom in; on a loaded machine a click meant for an option can land while its list still moves, so
 * the press and the release meet different elements and nothing is chosen. Endless animations
 * (spinners) are not waited for.
 */
export async function motionSettled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): Motion[] } }).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
}

/**
 * Opens an antd Select (typing `search` into it when given) and clicks the first option whose text
 * contains `text`, once the drop-down and whatever holds it stand still.
 */
export async function chooseOption(
  page: Page,
  select: Locator,
  text: string,
  { search, exact = false }: { search?: string; exact?: boolean } = {},
): Promise<void> {
  await motionSettled(page);
  await select.click();
  if (search) await page.keyboard.type(search);
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  const option = options.filter(exact ? { has: page.getByText(text, { exact: true }) } : { hasText: text });
  await option.first().waitFor();
  await motionSettled(page);
  await option.first().click();
}
