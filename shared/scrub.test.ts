import { describe, expect, it } from 'vitest';
import { REDACTED, createScrubber } from './scrub.ts';

describe('scrubbing secrets', () => {
  const passphrase = 'pa"ss\\phr<&>';
  const scrubber = createScrubber(['bg_0123456789abcdef', 'S3cretKeyValue', passphrase, 'abc']);

  it('replaces a secret in its raw, JSON-escaped, URL-encoded and HTML-escaped forms', () => {
    for (const form of [passphrase, JSON.stringify(passphrase).slice(1, -1), encodeURIComponent(passphrase), 'pa&quot;ss\\phr&lt;&amp;&gt;']) {
      expect(scrubber.text(`header ACCESS-PASSPHRASE: ${form}; end`)).toBe(`header ACCESS-PASSPHRASE: ${REDACTED}; end`);
    }
  });

  it('scrubs the raw strings of a value before anything encodes them', () => {
    const value = { error: { message: `echo ${passphrase}`, hint: 'ok' }, list: ['bg_0123456789abcdef'], n: 3 };
    const scrubbed = scrubber.value(value);
    expect(JSON.stringify(scrubbed)).not.toContain('bg_0123456789abcdef');
    expect(JSON.stringify(scrubbed)).not.toContain(JSON.stringify(passphrase).slice(1, -1));
    expect(scrubbed).toEqual({ error: { message: `echo ${REDACTED}`, hint: 'ok' }, list: [REDACTED], n: 3 });
    expect(value.list[0]).toBe('bg_0123456789abcdef');
  });

  it('leaves short strings alone: they are not secrets and would redact ordinary words', () => {
    expect(scrubber.text('abc def')).toBe('abc def');
  });
});
