import { parsePortableRegex } from '../../../proxy/src/sql/portableRegex';

describe('parsePortableRegex', () => {
  it.each([
    '',
    'abc',
    'R[A-Z]*',
    '^R[A-Z]*K$',
    'a.b+c?',
    'a*?b+?c??',
    '(ab|cd)+',
    '(?:ab)*',
    'x{3}',
    'x{2,}',
    'x{2,5}?',
    'x{1000}',
    '[^a-z0-9_]',
    '[-a]',
    '[a-]',
    '[a-cx-z]',
    '[\\d\\w.]',
    '[\\]\\[]',
    '\\d+\\.\\d*',
    '\\W\\D',
    'a\\tb\\n',
    '\\(\\)\\{\\}\\^\\$\\|\\?\\*\\+\\/\\-\\\\',
    'café',
    'a/b',
  ])('accepts %p', (pattern) => {
    expect(parsePortableRegex(pattern)).toEqual({ caseInsensitive: false, body: pattern });
  });

  it('splits off a leading (?i)', () => {
    expect(parsePortableRegex('(?i)R[A-Z]*')).toEqual({ caseInsensitive: true, body: 'R[A-Z]*' });
  });

  it.each([
    ['lookahead', 'a(?=b)'],
    ['negative lookahead', 'a(?!b)'],
    ['lookbehind', '(?<=a)b'],
    ['negative lookbehind', '(?<!a)b'],
    ['backreference', '(a)\\1'],
    ['named backreference', '(?P<x>a)\\k<x>'],
    ['named group', '(?<x>a)'],
    ['python named group', '(?P<x>a)'],
    ['atomic group', '(?>a)'],
    ['possessive star', 'a*+'],
    ['possessive plus', 'a++'],
    ['possessive count', 'a{2}+'],
    ['unicode property', '\\p{L}'],
    ['negated unicode property', '\\P{L}'],
    ['whitespace class (\\x0B differs)', '\\s+'],
    ['word boundary', '\\bword\\b'],
    ['quoting', '\\Qa.b\\E'],
    ['hex escape', '\\x41'],
    ['unicode escape', '\\u0041'],
    ['octal escape', '\\0101'],
    ['string anchors', '\\Aabc\\z'],
    ['inline flag in the middle', 'a(?i)b'],
    ['other flags', '(?s)a.b'],
    ['multiline flag', '(?m)^a'],
    ['scoped flag group', '(?i:a)'],
    ['(?i) with a non-ASCII pattern', '(?i)é'],
    ['POSIX class', '[[:alpha:]]'],
    ['nested class', '[a[b]]'],
    ['class intersection', '[a-z&&[^b]]'],
    ['empty class', '[]a]'],
    ['descending range', '[z-a]'],
    ['range from a class escape', '[\\d-z]'],
    ['chained range', '[a-c-e]'],
    ['unterminated class', '[abc'],
    ['unbalanced open', '(ab'],
    ['unbalanced close', 'ab)'],
    ['leading quantifier', '*a'],
    ['double quantifier', 'a**'],
    ['quantified anchor', '^*a'],
    ['quantifier after alternation', 'a|*b'],
    ['quantifier after group open', '(*a)'],
    ['literal brace', 'a{b'],
    ['stray closing brace', 'a}'],
    ['count above 1000', 'a{1001}'],
    ['reversed count', 'a{5,2}'],
    ['trailing backslash', 'a\\'],
  ])('refuses %s: %p', (_name, pattern) => {
    expect(parsePortableRegex(pattern)).toBeUndefined();
  });
});
