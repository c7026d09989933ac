import { describe, expect, it } from 'vitest';
import { chartGeometry } from './chartGeometry';

describe('chartGeometry', () => {
  const box = { width: 100, height: 50, padding: 5 };

  it('puts zero on the baseline and the peak at the top', () => {
    const chart = chartGeometry([0, 20, 10], box);
    expect(chart.max).toBe(20);
    expect(chart.line).toBe('M0,45L50,5L100,25');
    expect(chart.area).toBe('M0,45L50,5L100,25L100,45L0,45Z');
  });

  it('draws an all-zero series flat on the baseline instead of dividing by zero', () => {
    expect(chartGeometry([0, 0], box).line).toBe('M0,45L100,45');
  });

  it('draws nothing for no values', () => {
    expect(chartGeometry([], box)).toMatchObject({ line: '', area: '' });
  });
});
