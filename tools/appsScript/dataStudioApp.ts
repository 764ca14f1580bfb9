/**
 * DataStudioApp fake (docs/reference-looker-studio.md#faking-datastudioapp): `createCommunityConnector()` with string
 * enums, the config and fields builders, `newUserError()/newDebugError()` whose `throwException()` throws a
 * {@link UserErrorThrown} the harness can read, and the auth/credentials response builders.
 */
import { BuilderError, ConfigBuilder } from './configBuilder';
import { FieldsBuilder } from './fieldsBuilder';

const enumOf = <K extends string>(...keys: K[]) =>
  Object.freeze(Object.fromEntries(keys.map((k) => [k, k]))) as { readonly [P in K]: P };

const AuthType = enumOf('NONE', 'OAUTH2', 'KEY', 'USER_PASS', 'USER_TOKEN', 'PATH_USER_PASS', 'PATH_KEY');
const AggregationType = enumOf('AVG', 'COUNT', 'COUNT_DISTINCT', 'MAX', 'MIN', 'SUM', 'AUTO', 'NO_AGGREGATION');
const ConfigType = enumOf('TEXTINPUT', 'TEXTAREA', 'SELECT_SINGLE', 'SELECT_MULTIPLE', 'CHECKBOX', 'INFO');
const CURRENCIES = (
  'AED ALL ARS AUD BDT BGN BOB BRL CAD CDF CHF CLP CNY COP CRC CZK DKK DOP EGP ETB EUR GBP HKD HRK HUF IDR ILS INR ' +
  'IRR ISK JMD JPY KRW LKR LTL MNT MVR MXN MYR NOK NZD PAB PEN PHP PKR PLN RON RSD RUB SAR SEK SGD THB TRY TWD TZS ' +
  'UAH USD UYU VEF VND YER ZAR'
)
  .split(' ')
  .map((c) => `CURRENCY_${c}`);
const FieldType = enumOf(
  ...['YEAR', 'YEAR_QUARTER', 'YEAR_MONTH', 'YEAR_WEEK', 'YEAR_MONTH_DAY', 'YEAR_MONTH_DAY_HOUR'],
  ...['YEAR_MONTH_DAY_MINUTE', 'YEAR_MONTH_DAY_SECOND', 'QUARTER', 'MONTH', 'WEEK', 'MONTH_DAY', 'DAY_OF_WEEK'],
  ...['DAY', 'HOUR', 'MINUTE', 'DURATION', 'COUNTRY', 'COUNTRY_CODE', 'CONTINENT', 'CONTINENT_CODE', 'SUB_CONTINENT'],
  ...['SUB_CONTINENT_CODE', 'REGION', 'REGION_CODE', 'CITY', 'CITY_CODE', 'METRO', 'METRO_CODE'],
  ...['LATITUDE_LONGITUDE', 'NUMBER', 'PERCENT', 'TEXT', 'BOOLEAN', 'URL', 'HYPERLINK', 'IMAGE', 'IMAGE_LINK'],
  ...CURRENCIES,
);

/** What `throwException()` throws; `debugText` is what only admins would see. */
export class UserErrorThrown extends Error {
  constructor(
    readonly text: string,
    readonly debugText: string | undefined,
    readonly kind: 'USER' | 'DEBUG',
  ) {
    super(text);
    this.name = 'UserError';
  }
}

class ErrorBuilder {
  private text = '';
  private debugText?: string;
  constructor(private readonly kind: 'USER' | 'DEBUG') {}
  setText(text: string): this {
    this.text = text;
    return this;
  }
  setDebugText(text: string): this {
    this.debugText = text;
    return this;
  }
  printJson(): string {
    return JSON.stringify({ text: this.text, ...(this.debugText !== undefined ? { debugText: this.debugText } : {}) });
  }
  throwException(): never {
    throw new UserErrorThrown(this.text, this.debugText, this.kind);
  }
}

class AuthTypeResponse {
  private type?: string;
  private helpUrl?: string;
  setAuthType(type: string): this {
    if (!(type in AuthType)) throw new BuilderError(`Unknown auth type "${type}"`);
    this.type = type;
    return this;
  }
  setHelpUrl(url: string): this {
    this.helpUrl = url;
    return this;
  }
  build(): { type: string; helpUrl?: string } {
    if (!this.type) throw new BuilderError('Auth type not set');
    return { type: this.type, ...(this.helpUrl !== undefined ? { helpUrl: this.helpUrl } : {}) };
  }
  printJson(): string {
    return JSON.stringify(this.build());
  }
}

class SetCredentialsResponse {
  private valid = false;
  setIsValid(valid: boolean): this {
    this.valid = valid;
    return this;
  }
  build(): { errorCode: 'NONE' | 'INVALID_CREDENTIALS' } {
    return { errorCode: this.valid ? 'NONE' : 'INVALID_CREDENTIALS' };
  }
  printJson(): string {
    return JSON.stringify(this.build());
  }
}

/** Builds the `DataStudioApp` global. */
export function createDataStudioApp() {
  return {
    createCommunityConnector() {
      return {
        AuthType,
        AggregationType,
        ConfigType,
        FieldType,
        getConfig: () => new ConfigBuilder(),
        getFields: () => new FieldsBuilder(),
        newUserError: () => new ErrorBuilder('USER'),
        newDebugError: () => new ErrorBuilder('DEBUG'),
        newAuthTypeResponse: () => new AuthTypeResponse(),
        newSetCredentialsResponse: () => new SetCredentialsResponse(),
      };
    },
  };
}
