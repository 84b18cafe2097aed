// axe-core on one page, for the WCAG 2.2 AA rules: the one way every check here runs it.
import { AxeBuilder } from '@axe-core/playwright';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Legacy mode runs axe in the page itself. The default opens a blank tab for every run to merge
// the results of the page's frames (these pages have none), which doubled the time of each check:
// measured on 10 bundled pages, 22.2 s against 12.0 s, with the same violations, passes,
// incomplete and inapplicable results.
export const axe = (page) => new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
