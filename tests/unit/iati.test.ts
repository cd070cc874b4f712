import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { splitBudgetByYear, toIatiXml } from '../../src/lib/bundle/iati';
import { decimal, escapeAttr, escapeText } from '../../src/lib/bundle/iati/xml';
import { SEED_OUTCOMES, SEED_PROJECT, seedEnvelope } from '../../src/lib/domain/seed-data';
import type { Indicator, IndicatorData, Outcome, Project } from '../../src/lib/domain/types';
import { EFFECTIVE_COVERAGE, computeIndicator, coverageIndicators, recordActual } from '../../src/lib/indicators';
import { HAND_MADE } from './indicators-fixtures';

const FIXTURES = new URL('./fixtures/iati/', import.meta.url);
const schemaFile = (fileName: string) => ({ fileName, contents: readFileSync(new URL(fileName, FIXTURES), 'utf8') });

/** Validates against the official IATI 2.03 schema (libxml2 as WebAssembly, no native build). */
async function validate(xml: string) {
  return validateXML({
    xml: { fileName: 'activity.xml', contents: xml },
    schema: schemaFile('iati-activities-schema.xsd'),
    preload: [schemaFile('iati-common.xsd'), schemaFile('xml.xsd')],
  });
}

const project = seedEnvelope(SEED_PROJECT) as unknown as Project;
const outcomes = SEED_OUTCOMES.map((o) => seedEnvelope(o) as unknown as Outcome);
const OUTCOME_2 = outcomes[1].id;

function indicatorRecord(id: string, data: IndicatorData): Indicator {
  return { ...(seedEnvelope({ id, kind: 'indicator', data }) as unknown as Indicator), updatedAt: '2025-06-01T10:00:00.000Z' };
}

/** A computed indicator with a target by sex and actuals recorded from the hand-made sample, and a manual one. */
function sampleIndicators(): Indicator[] {
  const coverage = coverageIndicators(OUTCOME_2)[0];
  const planned: IndicatorData = {
    ...coverage,
    baseline: { value: 30.6, year: 2020 },
    periods: [
      {
        start: '2021-01-01',
        end: '2021-12-31',
        targets: [
          { value: 33, dimensions: {} },
          { value: 32, dimensions: { sex: 'female' } },
          { value: 34, dimensions: { sex: 'male' } },
        ],
        actuals: [],
      },
    ],
  };
  const result = computeIndicator(EFFECTIVE_COVERAGE, HAND_MADE);
  const measured = recordActual(planned, { start: '2021-01-01', end: '2021-12-31' }, result, { computedAt: '2021-12-15T09:00:00.000Z' });
  const manual: IndicatorData = {
    outcomeId: OUTCOME_2,
    name: { es: 'Regímenes especiales del ISSS aprobados', en: 'ISSS special regimes approved' },
    measure: 'unit',
    unit: 'regimes',
    baseline: { value: 0, year: 2017 },
    periods: [{ start: '2019-01-01', end: '2019-12-31', targets: [{ value: 2, dimensions: {} }], actuals: [{ value: 1, dimensions: {} }] }],
    disaggregations: [],
    source: 'ISSS Board minutes',
    notes: '',
  };
  return [indicatorRecord('ind-coverage', measured), indicatorRecord('ind-regimes', manual)];
}

const OPTIONS = { generatedAt: '2025-06-02T08:00:00Z' };
const all = (xml: string, re: RegExp) => [...xml.matchAll(re)];

describe('IATI export of the seed project', () => {
  const xml = toIatiXml(project, outcomes, sampleIndicators(), OPTIONS);

  it('validates against the official IATI 2.03 schema', async () => {
    const result = await validate(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has an identifier without "/" and the ILO code as other-identifier A1', () => {
    expect(xml).toContain('<iati-identifier>XM-DAC-41302-SLV-16-03-RBS</iati-identifier>');
    expect(all(xml, /<iati-identifier>([^<]*)</g).every(([, id]) => !/[/&|?]/.test(id))).toBe(true);
    expect(xml).toMatch(/<other-identifier ref="SLV\/16\/03\/RBS" type="A1">/);
    expect(xml).toContain('<related-activity ref="XM-DAC-41302-SLV-16-02-RBS" type="3"/>');
  });

  it('gives titles and descriptions in every language', () => {
    const title = xml.slice(xml.indexOf('<title>'), xml.indexOf('</title>'));
    expect(all(title, /xml:lang="(\w+)"/g).map(([, l]) => l)).toEqual(['en', 'es', 'fr']);
    const description = xml.slice(xml.indexOf('<description type="1">'), xml.indexOf('</description>'));
    expect(all(description, /xml:lang="(\w+)"/g)).toHaveLength(3);
  });

  it('has dates, status, country, sector 16010, SDG tags and the gender marker', () => {
    expect(xml).toContain('<activity-date type="1" iso-date="2017-11-01"/>');
    expect(xml).toContain('<activity-date type="3" iso-date="2021-12-31"/>');
    expect(xml).toContain('<activity-status code="4"/>');
    expect(xml).toContain('<recipient-country code="SV" percentage="100"/>');
    expect(xml).toContain('<sector vocabulary="1" code="16010" percentage="100"/>');
    expect(all(xml, /<tag vocabulary="3" code="([^"]+)"/g).map(([, c]) => c)).toEqual(['1.3', '3.8']);
    expect(all(xml, /<tag vocabulary="2" code="([^"]+)"/g).map(([, c]) => c)).toEqual(['1', '3']);
    expect(all(xml, /<tag vocabulary="99" code="([^"]+)"/g).map(([, c]) => c)).toEqual(['SLV238', 'SEN240', 'SLV812']);
    expect(xml).toContain('<policy-marker vocabulary="1" code="1" significance="1"/>');
  });

  it('splits the budget into periods of at most 12 months that add up to the total', () => {
    const budgets = all(xml, /<budget[^>]*>\s*<period-start iso-date="([\d-]+)"\/>\s*<period-end iso-date="([\d-]+)"\/>\s*<value[^>]*>([\d.]+)</g);
    expect(budgets).toHaveLength(5);
    for (const [, start, end] of budgets) {
      const limit = new Date(start);
      limit.setUTCFullYear(limit.getUTCFullYear() + 1);
      expect(Date.parse(end)).toBeLessThan(limit.getTime());
    }
    expect(budgets.reduce((sum, [, , , v]) => sum + Math.round(Number(v) * 100), 0)).toBe(46264000);
  });

  it('has results with indicators, baselines, periods, targets and actuals by sex', () => {
    // Only the objective with indicators becomes a result (IATI requires one per result).
    expect(all(xml, /<result type="(\d)"/g).map(([, t]) => t)).toEqual(['2']);
    expect(all(xml, /<indicator measure="(\d)"/g).map(([, m]) => m)).toEqual(['2', '1']);
    expect(xml).toContain('<reference vocabulary="9" code="1.3.1"/>');
    expect(xml).toContain('<baseline year="2020" value="30.6"/>');
    expect(xml).toMatch(/<target value="32">\s*<dimension name="sex" value="female"\/>/);
    expect(xml).toMatch(/<actual value="75">\s*<dimension name="sex" value="male"\/>\s*<comment>/);
    expect(xml).toContain('from 4 responses to form ss_coverage_slv (version v1,v2). Unweighted field sample');
  });
});

describe('IATI export of hostile text', () => {
  const hostile = {
    ...project,
    code: 'SLV/16/03 RBS?&x',
    title: { es: 'Proyecto <script>alert("x")</script> & co', en: 'Bell\u0007 and\u0001 \uFFFE lone \uD800 surrogate' },
    partners: ['Ministerio "de" Trabajo & <Previsión>'],
  } as Project;
  const indicators = sampleIndicators().map((i) => ({ ...i, name: { es: 'Tasa ]]> <!-- --> &amp;' } }));
  const xml = toIatiXml(hostile, outcomes, indicators, OPTIONS);

  it('escapes markup and strips characters XML 1.0 does not allow, and still validates', async () => {
    expect(xml).toContain('Proyecto &lt;script&gt;alert("x")&lt;/script&gt; &amp; co');
    expect(xml).toContain('Ministerio "de" Trabajo &amp; &lt;Previsión&gt;');
    expect(xml).toContain('Bell and  lone  surrogate');
    expect(xml).toContain('Tasa ]]&gt; &lt;!-- --&gt; &amp;amp;');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE]/);
    expect(xml).toContain('<iati-identifier>XM-DAC-41302-SLV-16-03-RBS-x</iati-identifier>');
    expect((await validate(xml)).valid).toBe(true);
  });

  it('escapes attributes, keeping line breaks and tabs as references', () => {
    expect(escapeAttr('a"b\n\tc<&')).toBe('a&quot;b&#10;&#9;c&lt;&amp;');
    expect(escapeText('\u0000x\uDFFF')).toBe('x');
  });
});

describe('IATI helpers', () => {
  it('splits a budget by calendar year, pro rata by days, in cents', () => {
    const parts = splitBudgetByYear('2017-11-01', '2021-12-31', 462640);
    expect(parts.map((p) => [p.start, p.end])).toEqual([
      ['2017-11-01', '2017-12-31'],
      ['2018-01-01', '2018-12-31'],
      ['2019-01-01', '2019-12-31'],
      ['2020-01-01', '2020-12-31'],
      ['2021-01-01', '2021-12-31'],
    ]);
    // 61 of 1,522 days: 462,640 × 61 / 1,522 = 18,542.076… → 18,542.08.
    expect(parts[0].amount).toBe(18542.08);
    expect(Math.round(parts.reduce((s, p) => s + p.amount, 0) * 100)).toBe(46264000);
    expect(splitBudgetByYear('2020-03-01', '2020-06-30', 100)).toEqual([{ start: '2020-03-01', end: '2020-06-30', amount: 100 }]);
  });

  it('writes decimals without an exponent', () => {
    expect(decimal(1e-7)).toBe('0.0000001');
    expect(decimal(30.6)).toBe('30.6');
    expect(() => decimal(NaN)).toThrow();
  });
});
