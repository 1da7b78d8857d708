/** The sentence to show for a failed call: an `ApiError`'s server sentence, or the error's text. */
export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
