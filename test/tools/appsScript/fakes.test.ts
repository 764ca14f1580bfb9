import * as crypto from 'node:crypto';
import { BuilderError, ConfigBuilder } from '../../../tools/appsScript/configBuilder';
import { createDataStudioApp, UserErrorThrown } from '../../../tools/appsScript/dataStudioApp';
import { FieldsBuilder } from '../../../tools/appsScript/fieldsBuilder';
import { FakeCache, FakeProperties } from '../../../tools/appsScript/stores';
import { createUtilities } from '../../../tools/appsScript/utilities';

const hex = (bytes: number[]) => Buffer.from(bytes.map((b) => b & 0xff)).toString('hex');

describe('Utilities fake', () => {
  const sleeps: number[] = [];
  const utilities = createUtilities(sleeps, 'virtual');

  it('returns SHA-256 and HMAC-SHA256 as signed bytes equal to node:crypto', () => {
    const digest = utilities.computeDigest('SHA_256', 'größe');
    expect(digest.every((b) => Number.isInteger(b) && b >= -128 && b <= 127)).toBe(true);
    expect(digest.some((b) => b < 0)).toBe(true);
    expect(hex(digest)).toBe(crypto.createHash('sha256').update('größe').digest('hex'));
    const key = utilities.computeDigest('SHA_256', 'key');
    const mac = utilities.computeHmacSignature('HMAC_SHA_256', utilities.computeDigest('SHA_256', 'msg'), key);
    const expected = crypto
      .createHmac('sha256', Buffer.from(hex(key), 'hex'))
      .update(crypto.createHash('sha256').update('msg').digest())
      .digest('hex');
    expect(hex(mac)).toBe(expected);
    expect(hex(utilities.computeHmacSha256Signature('msg', 'key'))).toBe(
      crypto.createHmac('sha256', 'key').update('msg').digest('hex'),
    );
  });

  it('rejects unsigned byte arrays and mixed overloads, as Java byte[] would', () => {
    expect(() => utilities.computeDigest('SHA_256', [200])).toThrow(/Byte\[\]/);
    expect(() => utilities.computeHmacSha256Signature('msg', [1, 2])).toThrow(/types differ/);
  });

  it('round-trips base64 and records sleeps', () => {
    expect(utilities.base64Decode(utilities.base64Encode('hé'))).toEqual([104, -61, -87]);
    utilities.sleep(250);
    expect(sleeps).toEqual([250]);
    expect(() => utilities.sleep(-1)).toThrow();
  });
});

describe('Properties and Cache fakes', () => {
  it('limit property values to 9 KB', () => {
    const props = new FakeProperties();
    props.setProperty('ok', 'x'.repeat(9 * 1024));
    expect(() => props.setProperty('big', 'x'.repeat(9 * 1024 + 1))).toThrow(/too large/);
    expect(props.getProperty('missing')).toBeNull();
  });

  it('limit cache keys to 250 characters, values to 100 KB and TTL to 6 hours, and expire entries', () => {
    const clock = { now: 0 };
    const cache = new FakeCache(() => clock.now);
    expect(() => cache.put('k'.repeat(251), 'v')).toThrow(/key/);
    expect(() => cache.put('k', 'x'.repeat(100 * 1024 + 1))).toThrow(/too large/);
    expect(() => cache.put('k', 'v', 21_601)).toThrow(/expiration/);
    cache.put('k', 'v', 10);
    expect(cache.getAll(['k', 'missing'])).toEqual({ k: 'v' });
    clock.now = 10_000;
    expect(cache.get('k')).toBeNull();
  });
});

describe('DataStudioApp fake', () => {
  const cc = createDataStudioApp().createCommunityConnector();

  it('builds config JSON with unset keys omitted and allowOverride under parameterControl', () => {
    const config = new ConfigBuilder();
    config.newTextInput().setId('tz').setName('Time zone').setPlaceholder('UTC').setAllowOverride(true);
    config.newCheckbox().setId('raw').setName('Raw');
    config.setIsSteppedConfig(false);
    expect(config.build()).toEqual({
      configParams: [
        {
          type: 'TEXTINPUT',
          name: 'tz',
          displayName: 'Time zone',
          placeholder: 'UTC',
          parameterControl: { allowOverride: true },
        },
        { type: 'CHECKBOX', name: 'raw', displayName: 'Raw' },
      ],
      isSteppedConfig: false,
    });
  });

  it.each([
    ['an entry without id', (c: ConfigBuilder) => c.newTextInput().setName('x')],
    ['an id with a space', (c: ConfigBuilder) => c.newTextInput().setId('a b')],
    [
      'duplicate ids',
      (c: ConfigBuilder) => {
        c.newTextInput().setId('a');
        c.newCheckbox().setId('a');
      },
    ],
    [
      'an option value with a comma',
      (c: ConfigBuilder) =>
        c.newSelectSingle().setId('s').addOption(c.newOptionBuilder().setLabel('x').setValue('a,b')),
    ],
  ] as [string, (c: ConfigBuilder) => unknown][])('rejects %s', (_, add) => {
    const config = new ConfigBuilder();
    add(config);
    expect(() => config.build()).toThrow(BuilderError);
  });

  it('builds fields with Looker’s dataType mapping and optional keys only when set', () => {
    const fields = new FieldsBuilder();
    fields.newDimension().setId('day').setName('Day').setType('YEAR_MONTH_DAY');
    fields.newMetric().setId('revenue').setName('Revenue').setType('CURRENCY_EUR').setIsReaggregatable(false);
    fields.newMetric().setId('took').setType('DURATION');
    fields.setDefaultMetric('revenue');
    expect(
      fields
        .forIds(['took', 'day'])
        .build()
        .map((f) => f.name),
    ).toEqual(['took', 'day']);
    expect(fields.build()).toEqual([
      {
        name: 'day',
        label: 'Day',
        dataType: 'STRING',
        semantics: { conceptType: 'DIMENSION', semanticType: 'YEAR_MONTH_DAY' },
      },
      {
        name: 'revenue',
        label: 'Revenue',
        dataType: 'NUMBER',
        isDefault: true,
        semantics: { conceptType: 'METRIC', semanticType: 'CURRENCY_EUR', isReaggregatable: false },
      },
      { name: 'took', dataType: 'STRING', semantics: { conceptType: 'METRIC', semanticType: 'DURATION' } },
    ]);
  });

  it('throws user errors that carry text and debug text', () => {
    expect(() => cc.newUserError().setText('Do this.').setDebugText('detail').throwException()).toThrow(
      UserErrorThrown,
    );
    try {
      cc.newUserError().setText('Do this.').setDebugText('detail').throwException();
    } catch (error) {
      expect(error).toMatchObject({ text: 'Do this.', debugText: 'detail', kind: 'USER' });
    }
  });

  it('knows all seven auth types and answers setCredentials responses', () => {
    expect(Object.keys(cc.AuthType)).toEqual([
      'NONE',
      'OAUTH2',
      'KEY',
      'USER_PASS',
      'USER_TOKEN',
      'PATH_USER_PASS',
      'PATH_KEY',
    ]);
    expect(cc.newAuthTypeResponse().setAuthType(cc.AuthType.PATH_USER_PASS).setHelpUrl('https://x/#c').build()).toEqual(
      {
        type: 'PATH_USER_PASS',
        helpUrl: 'https://x/#c',
      },
    );
    expect(() => cc.newAuthTypeResponse().setAuthType('PASSWORDLESS')).toThrow(BuilderError);
    expect(cc.newSetCredentialsResponse().setIsValid(false).build()).toEqual({ errorCode: 'INVALID_CREDENTIALS' });
  });
});
