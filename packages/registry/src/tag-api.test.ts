import { expect, it } from 'vitest';
import { nextLink } from './tag-api.js';

it('finds the next page in a Link header', () => {
  expect(nextLink('</v2/acme/app/tags/list?last=b&n=2>; rel="next"')).toBe('/v2/acme/app/tags/list?last=b&n=2');
  expect(nextLink('<https://x/prev>; rel="prev", <https://x/next?a=1,2>; rel=next')).toBe('https://x/next?a=1,2');
  expect(nextLink(null)).toBeUndefined();
  expect(nextLink('<https://x/prev>; rel="prev"')).toBeUndefined();
});
