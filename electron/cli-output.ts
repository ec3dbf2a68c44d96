// Where the CLI prints. The outcome decides the exit code; a stdout that cannot take it (a closed pipe: EPIPE, a full
// disk: ENOSPC) loses the text, never changes the code nor crashes the process with a stack trace.

export interface Printer {
  write(text: string): void;
  /** Why writing failed (e.g. "EPIPE"), once it has; later text is dropped. */
  failure(): string | undefined;
}

/** Writes to `stream`, swallowing its write errors, synchronous (a file) or emitted later (a pipe). */
export function printerOn(stream: NodeJS.WritableStream): Printer {
  let failure: string | undefined;
  const fail = (error: unknown) => {
    failure ??= (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.message : String(error));
  };
  stream.on('error', fail);
  return {
    write(text) {
      if (failure !== undefined) return;
      try {
        stream.write(text);
      } catch (error) {
        fail(error);
      }
    },
    failure: () => failure,
  };
}

/** Said on stderr at exit when stdout lost the result. */
export function lostOutputNote(failure: string, exitCode: number): string {
  return `note: the result could not be written to stdout (${failure}); the exit code (${exitCode}) is still the outcome's.\n`;
}
