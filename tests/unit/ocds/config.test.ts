import { ConfigError, loadConfig } from '../../../server/config';

/** OCDS_OCID_PREFIX (README "Configuration"): the ocid prefix, read only by server/config.ts. */
describe('OCDS_OCID_PREFIX', () => {
  it('defaults to ocds-tenderhall, so npm start works with nothing set', () => {
    expect(loadConfig({}).ocidPrefix).toBe('ocds-tenderhall');
  });

  it('takes a registered prefix', () => {
    expect(loadConfig({ OCDS_OCID_PREFIX: 'ocds-213czf' }).ocidPrefix).toBe('ocds-213czf');
  });

  it('refuses a prefix that would make an ocid ambiguous or unsafe in a URL, naming the variable', () => {
    for (const bad of ['', '-ocds', 'ocds 213czf', 'ocds/213czf', 'ocds#1', 'x'.repeat(64)]) {
      expect(() => loadConfig({ OCDS_OCID_PREFIX: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ OCDS_OCID_PREFIX: bad })).toThrow(/OCDS_OCID_PREFIX/);
    }
  });
});
