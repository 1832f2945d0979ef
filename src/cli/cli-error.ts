/** An error the command line reports as one line, with a non-zero exit: a user mistake, not a bug. */
export class CliError extends Error {}
