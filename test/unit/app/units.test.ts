import { describe, expect, it } from 'vitest';
import { goG, humanDuration, humanSize, humanSizeWithPrecision } from '../../../src/app/units.js';
import { layerEvent, progressBar } from '../../../src/app/progress-events.js';

describe('go-units', () => {
  it.each([
    [4_260_000, 3, '4.26MB'],
    [999, 3, '999B'],
    [1_234, 3, '1.23kB'],
    [999_500, 3, '1e+03kB'],
    [0, 3, '0B'],
    [1_986_439, 3, '1.99MB'],
    [123_456_789, 4, '123.5MB'],
  ])('HumanSizeWithPrecision(%d, %d) is %s', (n, p, want) => expect(humanSizeWithPrecision(n, p)).toBe(want));

  it("prints %g as Go's fmt does", () => {
    expect(goG(0.0001234, 3)).toBe('0.000123');
    expect(goG(0.00001234, 3)).toBe('1.23e-05');
    expect(goG(12.5, 3)).toBe('12.5');
    expect(goG(100, 3)).toBe('100');
  });

  it.each([
    [500, 'Less than a second'],
    [1_000, '1 second'],
    [59_000, '59 seconds'],
    [60_000, 'About a minute'],
    [45 * 60_000, '45 minutes'],
    [70 * 60_000, 'About an hour'],
    [5 * 3_600_000, '5 hours'],
    [3 * 86_400_000, '3 days'],
    [20 * 86_400_000, '2 weeks'],
    [90 * 86_400_000, '3 months'],
    [800 * 86_400_000, '2 years'],
  ])('HumanDuration(%d ms) is %s', (ms, want) => expect(humanDuration(ms)).toBe(want));
});

describe('progress events', () => {
  it("draws docker's progress bar", () => {
    expect(progressBar(50, 100, humanSize)).toBe(`[${'='.repeat(25)}>${' '.repeat(24)}]      50B/100B`);
    expect(progressBar(100, 100, humanSize)).toBe(`[${'='.repeat(50)}]     100B/100B`);
  });

  it("maps docker's layer statuses as compose does", () => {
    expect(layerEvent('web', { kind: 'layer', id: 'abc', status: 'Pull complete' }, humanSize)).toEqual({ id: 'abc', parentId: 'web', status: 'done', text: 'Pull complete', percent: 100 });
    expect(layerEvent('web', { kind: 'layer', id: 'abc', status: 'Downloading', current: 1, total: 4 }, humanSize)).toMatchObject({ status: 'working', percent: 25, current: 1, total: 4 });
    expect(layerEvent('web', { kind: 'status', text: 'x' }, humanSize)).toBeUndefined();
  });
});
