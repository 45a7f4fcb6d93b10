/** A stretch of a report's text: UTF-16 offsets into the text as given, `end` exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

export const spanOf = (start: number, end: number): TextSpan => ({ start, end });

export const contains = (outer: TextSpan, inner: TextSpan) =>
  outer.start <= inner.start && inner.end <= outer.end;
