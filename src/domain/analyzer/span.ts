/** A stretch of a report's text: UTF-16 offsets into the text as given, `end` exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

export const spanOf = (start: number, end: number): TextSpan => ({ start, end });

/** The start of a quoted passage for a message: 24 characters, then an ellipsis. */
export const excerpt = (text: string) => (text.length > 24 ? `${text.slice(0, 24)}…` : text);

/** A span with the words either side of it: how a finding is told apart from its like and read in place. */
export const surroundings = (text: string, { start, end }: TextSpan, length: number) => ({
  before: text.slice(Math.max(0, start - length), start),
  passage: text.slice(start, end),
  after: text.slice(end, end + length),
});
