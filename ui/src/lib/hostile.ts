// Texts a hostile customer (or a careless template author) could send. The
// UI must show each as text: nothing runs, no element is injected, nothing
// navigates, the layout holds. Used by the UI tests; kept apart so the
// end-to-end run can use the same list.
const long = 'A'.repeat(10_000);
const emoji = '👨‍👩‍👧‍👦'.repeat(400);

export const HOSTILE: string[] = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 1">',
  '<svg onload="window.__pwned = 1"><circle r="10"/></svg>',
  '<svg><script>window.__pwned = 1</script></svg>',
  '<iframe src="javascript:window.__pwned = 1"></iframe>',
  '<a href="javascript:window.__pwned = 1">click me</a>',
  'javascript:window.__pwned = 1',
  'JaVaScRiPt:window.__pwned=1',
  'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+',
  '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle="window.__pwned = 1">',
  '<body onload="window.__pwned = 1">',
  '<style>*{display:none!important}</style>',
  '<link rel="stylesheet" href="http://127.0.0.1:1/x.css">',
  '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:1/">',
  '<form action="http://127.0.0.1:1/"><button>go</button></form>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '</textarea><script>alert(1)</script>',
  '<b>unclosed <i>markup <div',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned = 1}',
  '\u202Egnp.exe\u202C — right-to-left override',
  'zero\u200Bwidth\u200C\u200Djoiners\uFEFF',
  long,
  emoji,
  'https://example.com/"><script>alert(1)</script>',
  'http://127.0.0.1:1/\u0000null',
  '\uE000fake highlight\uE001 markers',
];
