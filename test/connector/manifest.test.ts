/**
 * The manifest is publishable: every required dataStudio URL is set, and every URL points at a file that exists in
 * this repository (under the marked placeholder REPOSITORY_URL, see docs/publishing.md), including a real 40×40
 * PNG logo and the terms, privacy and "Learn more" pages.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPOSITORY_URL } from '../../connector/src/links';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'appsscript.json'), 'utf8'));
const ds = manifest.dataStudio as Record<string, unknown>;

/** Required by the manifest reference, plus the two pages publishing needs. */
const REQUIRED_URLS = ['companyUrl', 'logoUrl', 'addonUrl', 'supportUrl', 'privacyPolicyUrl', 'termsOfServiceUrl'];

/** `<repo>/raw/main/<file>` or `<repo>/blob/main/<file>[#anchor]` → the file; other repository pages → undefined. */
function repositoryFile(url: string): string | undefined {
  const match = /^\/(?:raw|blob)\/main\/([^#?]+)/.exec(url.slice(REPOSITORY_URL.length));
  return match?.[1];
}

describe('appsscript.json dataStudio URLs', () => {
  it.each(REQUIRED_URLS)('%s is set and is an https URL under REPOSITORY_URL', (key) => {
    const url = ds[key];
    expect(typeof url).toBe('string');
    expect((url as string).trim()).not.toBe('');
    expect(url).toMatch(/^https:\/\//);
    expect((url as string).startsWith(REPOSITORY_URL)).toBe(true);
  });

  it('points only at files that exist in the repository', () => {
    const files = REQUIRED_URLS.map((key) => repositoryFile(ds[key] as string)).filter(
      (f): f is string => f !== undefined,
    );
    expect(files).toEqual(
      expect.arrayContaining(['docs/logo-40.png', 'docs/terms.md', 'docs/privacy.md', 'docs/publishing.md']),
    );
    for (const file of files) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  });

  it('has an anchor that exists on the Learn more page, which links to the terms and the privacy policy', () => {
    const [file, anchor] = (ds.addonUrl as string)
      .slice(REPOSITORY_URL.length)
      .replace(/^\/blob\/main\//, '')
      .split('#');
    const page = fs.readFileSync(path.join(ROOT, file), 'utf8');
    expect(page).toMatch(new RegExp(`^## ${anchor.replace(/-/g, '[ -]')}$`, 'im'));
    expect(page).toMatch(/\(terms\.md\)/);
    expect(page).toMatch(/\(privacy\.md\)/);
  });

  it('has a 40×40 PNG logo with an SVG source', () => {
    const png = fs.readFileSync(path.join(ROOT, 'docs/logo-40.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([40, 40]);
    expect(fs.readFileSync(path.join(ROOT, 'docs/logo.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('marks the repository URL placeholder where docs/publishing.md says it is', () => {
    const publishing = fs.readFileSync(path.join(ROOT, 'docs/publishing.md'), 'utf8');
    if (REPOSITORY_URL.includes('your-org')) expect(publishing).toContain(REPOSITORY_URL);
    expect(publishing).toContain('Your Organization');
  });
});
