import { describe, expect, it } from 'vitest';
import {
  BIBLIOGRAPHY,
  bibAnchor,
  bibEntry,
  entryLink,
  isCitationKey,
  UnknownCitationError,
} from '../../src/lib/bibliography';
import { citationNumber, citedKeys } from '../../src/lib/citations';

describe('bibEntry', () => {
  it('returns the entry for a known key', () => {
    expect(bibEntry('kermany2018')).toMatchObject({ year: 2018, doi: '10.1016/j.cell.2018.02.010' });
  });

  it('throws a clear error for an unknown key, naming it and the known keys', () => {
    expect(() => bibEntry('kermany2019')).toThrow(UnknownCitationError);
    expect(() => bibEntry('kermany2019')).toThrow(
      /^Unknown citation key "kermany2019"\. Add it to src\/lib\/bibliography\.ts or use one of: kermany2018, /,
    );
  });

  it('does not treat inherited object properties as keys', () => {
    expect(isCitationKey('toString')).toBe(false);
    expect(() => bibEntry('constructor')).toThrow(UnknownCitationError);
  });
});

describe('the bibliography', () => {
  it('has the works the book relies on', () => {
    for (const key of [
      'kermany2018',
      'kermanyData2018',
      'howard2017',
      'sandler2018',
      'lecun1998',
      'krizhevsky2012',
      'simonyan2014',
      'zeiler2014',
      'selvaraju2017',
      'rumelhart1986',
      'dumoulin2016',
      'yosinski2014',
      'zech2018',
      'goodfellow2016',
    ]) {
      expect(isCitationKey(key), key).toBe(true);
    }
  });

  it('gives every entry authors, a plausible year, a title and a venue, and well-formed DOIs', () => {
    for (const [key, entry] of Object.entries(BIBLIOGRAPHY)) {
      expect(entry.authors.length, key).toBeGreaterThan(0);
      expect(entry.year, key).toBeGreaterThan(1900);
      expect(entry.title.length, key).toBeGreaterThan(0);
      expect(entry.venue.length, key).toBeGreaterThan(0);
      if ('doi' in entry) expect(entry.doi, key).toMatch(/^10\.\d{4,}\/\S+$/);
    }
  });
});

describe('entryLink and bibAnchor', () => {
  it('prefers the DOI resolver, then the URL, else null', () => {
    expect(entryLink({ authors: 'A', year: 2000, title: 'T', venue: 'V', doi: '10.1/x', url: 'https://u' })).toBe(
      'https://doi.org/10.1/x',
    );
    expect(entryLink({ authors: 'A', year: 2000, title: 'T', venue: 'V', url: 'https://u' })).toBe('https://u');
    expect(entryLink({ authors: 'A', year: 2000, title: 'T', venue: 'V' })).toBeNull();
  });

  it('anchors entries by key', () => {
    expect(bibAnchor('zech2018')).toBe('bib-zech2018');
  });
});

describe('citedKeys', () => {
  it('lists distinct keys in order of first citation', () => {
    const body =
      'A <Cite key="zech2018" /> b <Cite key="kermany2018"/> c <Cite key="zech2018" /> d <Cite key=\'howard2017\' />';
    expect(citedKeys(body)).toEqual(['zech2018', 'kermany2018', 'howard2017']);
  });

  it('finds the key among other attributes', () => {
    expect(citedKeys('<Cite page="3" key="lecun1998" />')).toEqual(['lecun1998']);
  });

  it('returns nothing for a body without citations', () => {
    expect(citedKeys('Prose only. <Figure width="l-page" />')).toEqual([]);
  });

  it('throws for an unknown key in the body', () => {
    expect(() => citedKeys('<Cite key="nobody2020" />')).toThrow('Unknown citation key "nobody2020".');
  });
});

describe('citationNumber', () => {
  it('numbers from 1 in the given order', () => {
    expect(citationNumber(['zech2018', 'kermany2018'], 'kermany2018')).toBe(2);
  });

  it('throws when the key was not found by the page scan', () => {
    expect(() => citationNumber(['zech2018'], 'kermany2018')).toThrow(
      /Citation "kermany2018" is rendered but was not found in the page source scan/,
    );
  });
});
