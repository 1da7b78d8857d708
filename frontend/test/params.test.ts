import { describe, expect, it } from 'vitest';
import { describeParams, formFromParams, hasParams, paramsFromForm, parseDecimal } from '../src/features/params/params';

const form = (temperature = '', maxTokens = '', topP = '') => ({ temperature, maxTokens, topP });

describe('conversation parameters', () => {
  it('empty fields are the provider’s defaults: {}', () => {
    expect(paramsFromForm(form())).toEqual({ params: {}, problem: null });
    expect(paramsFromForm(form('  ', ' ', ''))).toEqual({ params: {}, problem: null });
  });
  it('only the fields filled in', () => {
    expect(paramsFromForm(form('0.7'))).toEqual({ params: { temperature: 0.7 }, problem: null });
    expect(paramsFromForm(form('0,5', '1,000', '1'))).toEqual({ params: { temperature: 0.5, max_tokens: 1000, top_p: 1 }, problem: null });
    expect(paramsFromForm(form('2', '1000000', '0'))).toEqual({ params: { temperature: 2, max_tokens: 1_000_000, top_p: 0 }, problem: null });
  });
  it('refuses what is out of range', () => {
    expect(paramsFromForm(form('2.1')).problem).toMatch(/Temperature/);
    expect(paramsFromForm(form('-1')).problem).toMatch(/Temperature/);
    expect(paramsFromForm(form('warm')).problem).toMatch(/Temperature/);
    expect(paramsFromForm(form('', '0')).problem).toMatch(/Max output tokens/);
    expect(paramsFromForm(form('', '1.5')).problem).toMatch(/whole number/);
    expect(paramsFromForm(form('', '1000001')).problem).toMatch(/1,000,000/);
    expect(paramsFromForm(form('', '', '1.2')).problem).toMatch(/Top P/);
  });
  it('decimals', () => {
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('1.')).toBe(1);
    expect(parseDecimal('1e3')).toBeNaN();
  });
  it('to and from the form, in words', () => {
    expect(formFromParams({ temperature: 0.2, max_tokens: 500 })).toEqual(form('0.2', '500', ''));
    expect(formFromParams(undefined)).toEqual(form());
    expect(hasParams({})).toBe(false);
    expect(hasParams({ top_p: 0.9 })).toBe(true);
    expect(describeParams({})).toBe('provider defaults');
    expect(describeParams({ temperature: 0.7, max_tokens: 1000, top_p: 0.9 })).toBe('temperature 0.7 · at most 1,000 tokens · top P 0.9');
  });
});
