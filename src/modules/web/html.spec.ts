import { html, raw, SafeHtml, when } from './html';

describe('html', () => {
  it('escapes interpolated values', () => {
    expect(html`<p title="${'"x" & <y>'}">${"<script>alert('x')</script>"}</p>`.value).toBe(
      '<p title="&quot;x&quot; &amp; &lt;y&gt;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>',
    );
  });

  it('keeps nested html and raw markup, flattens arrays, drops null/false', () => {
    const items = ['a<', 'b'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${false}${raw('<svg/>')}${when(false, () => html`x`)}`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul><svg/>');
    expect(html`${0}`).toBeInstanceOf(SafeHtml);
    expect(html`${0}`.value).toBe('0');
  });
});
