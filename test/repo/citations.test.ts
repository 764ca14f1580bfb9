/**
 * Every document a comment or doc cites is in the repository, with the heading it names. A citation is any `*.md`
 * path (e.g. `docs/reference-athena.md#result-reuse`, or a relative Markdown link inside docs/), resolved against the
 * citing file's folder and then the repository root; its `#anchor` must be the GitHub anchor of a heading of that
 * file. Also fails on citations of the design documents that live outside the repository (the old research notes and
 * the design brief, cited by file name, by section sign or as "design decision N"): their facts are in docs/.
 * A repository path a comment or doc names (`proxy/src/sql/compileQuery.ts`, `tools/fuzz`, with or without the
 * extension) must exist, and a `{@link Name}` in TypeScript must name something the file declares or imports.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SCANNED = /\.(ts|js|mjs|cjs|sh|py|md|ya?ml)$/;
const THIS_FILE = 'test/repo/citations.test.ts';
const DESIGN_DECISIONS = 'docs/architecture.md#design-decisions';

/** GitHub's heading anchor: links reduced to their text, lower-case, punctuation dropped, spaces → '-'. */
export function githubAnchor(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Anchors of every heading outside fenced code blocks; repeated headings get -1, -2, … as on GitHub. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = githubAnchor(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Mentions of documents that are not in the repository (their facts live in docs/reference-*.md). */
const OUTSIDE_DOCUMENTS: { pattern: RegExp; what: string }[] = [
  { pattern: /(?<![\w/-])reference\/[\w-]+\.md/, what: 'a reference/*.md research note' },
  {
    pattern: /(?<![\w-])(athena-proxy|looker-studio|tooling|aesthetics|design)\.md/,
    what: 'a research note or the design brief',
  },
  { pattern: /(?<!RFC \d+ )§/, what: 'a section sign that names no public standard' },
  { pattern: /\bdesign decisions? \d/i, what: `"design decision N" (cite ${DESIGN_DECISIONS})` },
];

/** What a checker needs to know about the repository. */
export interface RepoView {
  exists(relativePath: string): boolean;
  anchorsOf(relativePath: string): Set<string>;
}

/** Problems with the citations in one file's text; an empty list when all resolve. */
export function citationProblems(file: string, text: string, repo: RepoView): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const where = `${file}:${index + 1}`;
    const line = rawLine.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ''); // URLs cite the web, not the repo
    for (const { pattern, what } of OUTSIDE_DOCUMENTS) {
      if (pattern.test(line)) problems.push(`${where}: cites ${what}: ${rawLine.trim()}`);
    }
    if (/\bdecisions? \d/i.test(line) && !line.includes(DESIGN_DECISIONS)) {
      problems.push(`${where}: a numbered decision without ${DESIGN_DECISIONS}: ${rawLine.trim()}`);
    }
    for (const match of line.matchAll(/(?<![\w/.-])((?:\.{1,2}\/)?(?:[\w.-]+\/)*[\w.-]+\.md)(?:#([\w-]+))?/g)) {
      const [, cited, anchor] = match;
      const target = [path.posix.join(path.posix.dirname(file), cited), path.posix.normalize(cited)].find(
        (candidate) => !candidate.startsWith('..') && repo.exists(candidate),
      );
      if (target === undefined) problems.push(`${where}: cites ${cited}, which is not in the repository`);
      else if (anchor !== undefined && !repo.anchorsOf(target).has(anchor)) {
        problems.push(`${where}: cites ${target}#${anchor}, but ${target} has no such heading`);
      }
    }
  });
  return problems;
}

/** Top folders of the repository: a word path that starts with one of these is a citation of a repository path. */
const REPO_TOPS = 'proxy|connector|protocol|events|tools|testing|test|bench|infra|docs|examples';
const REPO_PATH = new RegExp(`(?<![\\w./@~$-])((?:${REPO_TOPS})/[\\w./-]*\\w)(?![\\w*<{])`, 'g');

/**
 * Whether a match reads as a path rather than a rate or a made-up value: `events/s`, `proxy/i` and `events/dt`
 * (a unit, a regex flag, a partition key) have a short lower-case word after the top folder; secrets and other
 * values carry capitals or `+`; `.rst` files are Trino's docs, cited by their path in trinodb/trino.
 */
function isPathLike(cited: string): boolean {
  const [, first = ''] = cited.split('/');
  return !/^[a-z]{1,2}$/.test(first) && !/[A-Z+]/.test(first) && !cited.endsWith('.rst');
}

/** Repository paths in `text` that do not exist (as written, or with a .ts / .js extension). */
export function pathProblems(file: string, text: string, repo: Pick<RepoView, 'exists'>): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '');
    for (const [, cited] of line.matchAll(REPO_PATH)) {
      if (cited.endsWith('.md') || ['', '.ts', '.js'].some((ext) => repo.exists(cited + ext))) continue;
      if (!isPathLike(cited)) continue;
      problems.push(`${file}:${index + 1}: names ${cited}, which is not in the repository`);
    }
  });
  return problems;
}

/** `{@link Name}`s of a TypeScript file whose Name the file neither declares nor imports. */
export function linkProblems(file: string, text: string): string[] {
  const withoutLinks = text.replace(/\{@link[^}]*\}/g, '');
  const problems: string[] = [];
  for (const [, target] of text.matchAll(/\{@link\s+([A-Za-z_$][\w$]*)[^}]*\}/g)) {
    if (!new RegExp(`\\b${target.replace('$', '\\$')}\\b`).test(withoutLinks)) {
      problems.push(`${file}: {@link ${target}} names nothing the file declares or imports`);
    }
  }
  return problems;
}

function trackedFiles(): string[] {
  const listing = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return listing.split('\0').filter((file) => SCANNED.test(file) && fs.existsSync(path.join(ROOT, file)));
}

const workingTree: RepoView = {
  exists: (relativePath) => fs.existsSync(path.join(ROOT, relativePath)),
  anchorsOf: (relativePath) => headingAnchors(fs.readFileSync(path.join(ROOT, relativePath), 'utf8')),
};

describe('GitHub heading anchors', () => {
  it.each([
    ["4. Create the connector user's access key", '4-create-the-connector-users-access-key'],
    ['`urlFetchWhitelist` and versioned deployments', 'urlfetchwhitelist-and-versioned-deployments'],
    ['AWS_IAM auth', 'aws_iam-auth'],
    ['getData value formats', 'getdata-value-formats'],
    ['Results (committed in `bench/results.json`)', 'results-committed-in-benchresultsjson'],
    ['See [the guide](docs/x.md) — twice', 'see-the-guide--twice'],
  ])('%s → %s', (heading, anchor) => {
    expect(githubAnchor(heading)).toBe(anchor);
  });

  it('numbers repeated headings and ignores # lines in code blocks', () => {
    const anchors = headingAnchors('# A\n## Notes\n```sh\n# not a heading\n```\n## Notes\n');
    expect([...anchors]).toEqual(['a', 'notes', 'notes-1']);
  });
});

describe('the citation checker', () => {
  const headings: Record<string, string[]> = {
    'docs/guide.md': ['setup'],
    'docs/architecture.md': ['design-decisions'],
    'README.md': [],
  };
  const repo: RepoView = {
    exists: (p) => p in headings,
    anchorsOf: (p) => new Set(headings[p]),
  };

  it('accepts citations that resolve, from code and from docs/ (relative links)', () => {
    const code = '// see docs/guide.md#setup and README.md; https://example.com/other.md#x is the web';
    expect(citationProblems('proxy/x.ts', code, repo)).toEqual([]);
    expect(citationProblems('docs/other.md', '[guide](guide.md#setup)', repo)).toEqual([]);
  });

  it('reports a missing file, a missing heading and documents outside the repository', () => {
    const text = [
      '// docs/missing.md',
      '// docs/guide.md#no-such-heading',
      // Built, so that repository-wide greps for such citations do not find this test's own sample.
      `// (${['reference', 'looker-studio.md'].join('/')} §2.2)`,
      '// athena-proxy.md',
      '// design decision 7',
      '// decision 6',
      '// RFC 9110 §5.6.2 names a public standard',
      `// ${DESIGN_DECISIONS}, decision 6`,
    ].join('\n');
    const lines = citationProblems('proxy/x.ts', text, repo).map((problem) => problem.split(':')[1]);
    // Line 3 breaks three rules and names a file that is not here; line 4 likewise twice; line 5 twice.
    expect(lines).toEqual(['1', '2', '3', '3', '3', '3', '4', '4', '5', '5', '6']);
  });
});

describe('the path and link checker', () => {
  const repo = { exists: (p: string) => ['proxy/src/sql/compileQuery.ts', 'tools/fuzz'].includes(p) };

  it('accepts paths that exist, with or without extension, and ignores relative imports and URLs', () => {
    const text =
      "// proxy/src/sql/compileQuery.ts, proxy/src/sql/compileQuery and tools/fuzz\nimport '../proxy/src/gone';";
    expect(pathProblems('x.ts', text, repo)).toEqual([]);
    expect(pathProblems('x.md', 'see https://github.com/o/r/blob/main/proxy/src/gone.ts', repo)).toEqual([]);
  });

  it('reports a path that does not exist', () => {
    expect(pathProblems('x.ts', '// moved to proxy/src/core/compileQuery.ts.', repo)).toEqual([
      'x.ts:1: names proxy/src/core/compileQuery.ts, which is not in the repository',
    ]);
  });

  it('reports a {@link} to a name the file does not have', () => {
    const text = '/** See {@link compileQuery} and {@link Gone}. */\nimport { compileQuery } from "./x";';
    expect(linkProblems('x.ts', text)).toEqual(['x.ts: {@link Gone} names nothing the file declares or imports']);
  });
});

describe('citations in the repository', () => {
  it('name repository paths that exist and {@link}s the file has', () => {
    // test/repo's own examples name made-up paths on purpose.
    const files = trackedFiles().filter((file) => !file.startsWith('test/repo/'));
    const problems = files.flatMap((file) => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      return [...pathProblems(file, text, workingTree), ...(file.endsWith('.ts') ? linkProblems(file, text) : [])];
    });
    expect(problems).toEqual([]);
  });

  it('resolve to files and headings that exist, and cite no document outside the repository', () => {
    const files = trackedFiles().filter((file) => file !== THIS_FILE); // its examples are broken on purpose
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) =>
      citationProblems(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), workingTree),
    );
    expect(problems).toEqual([]);
  });
});
