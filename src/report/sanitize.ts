// Bundle text is untrusted. Before it reaches a terminal, a Markdown viewer or an HTML page, control
// characters (ANSI/OSC escapes, carriage returns, NUL) and bidi overrides are made visible instead of
// being interpreted.

// C0 controls except TAB and LF, DEL, C1 controls, and the bidirectional formatting characters.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function visibleControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** One line of untrusted text: controls made visible, line breaks folded. */
export function oneLine(text: string): string {
  return visibleControls(text.replace(/\r?\n/g, ' '));
}
