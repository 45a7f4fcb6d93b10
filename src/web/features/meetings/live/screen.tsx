import type { CSSProperties, ReactNode } from 'react';

// Sizes follow the window's height, so a 1920×1080 projector and a 1366×768 laptop both show the
// whole page without scrolling, with type readable from the back of the hall.
export const vh = (n: number, min: number) => `max(${min}px, ${n}vh)`;

const frame: CSSProperties = {
  height: '100vh',
  overflow: 'hidden',
  display: 'flex',
  flexDirection: 'column',
  background: '#fffaf5',
  color: '#1f1f1f',
};
const band: CSSProperties = {
  background: '#b71c1c',
  color: '#fff',
  padding: `${vh(1.6, 10)} ${vh(3, 20)}`,
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  gap: vh(2, 12),
};

/** A full-window page for a projector: a red band with the title and a badge, the content below. */
export function Screen({
  title,
  badge,
  children,
  testId,
}: {
  title: string;
  badge: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  return (
    <div style={frame} data-testid={testId}>
      <header style={band}>
        <h1 style={{ margin: 0, color: '#fff', fontSize: vh(4.6, 26), lineHeight: 1.2 }}>{title}</h1>
        <div style={{ fontSize: vh(3.4, 20), fontWeight: 600, whiteSpace: 'nowrap' }}>{badge}</div>
      </header>
      <main
        style={{
          flex: 1,
          minHeight: 0,
          display: 'flex',
          flexDirection: 'column',
          padding: `${vh(2.4, 12)} ${vh(4, 20)}`,
          gap: vh(2, 10),
        }}
      >
        {children}
      </main>
    </div>
  );
}
