/** Public links shown to users. The repository URL is a placeholder: set it once here when you fork. */
export const REPOSITORY_URL = 'https://github.com/your-org/athena-looker-proxy';

/** Where the auth dialog's help link points: the README section on creating proxy credentials. */
export const CREDENTIALS_HELP_URL = `${REPOSITORY_URL}#credentials`;
