/**
 * Wrapping text to a terminal width: prose (word wrap, long words broken after a separator) and
 * shell commands a user copies (broken only between arguments, with a ` \` continuation).
 * Pure and dependency-free, so `--help` can use it without loading the table renderer.
 */

/** Greedy word wrap at `width`; words longer than a line are broken, never cut. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (visibleLength(paragraph) <= width) {
      out.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      let rest = word;
      while (rest.length > 0) {
        const room = line === '' ? width : width - line.length - 1;
        if (rest.length <= room) {
          line = line === '' ? rest : `${line} ${rest}`;
          rest = '';
        } else if (line !== '') {
          out.push(line);
          line = '';
        } else {
          const cut = breakPoint(rest, width);
          out.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
      }
    }
    if (line !== '') out.push(line);
  }
  return out;
}

/** Where to break a word longer than a line: after the last `/ - : . _` that keeps a third of the line, else at the width. */
function breakPoint(word: string, width: number): number {
  for (let i = width; i > width / 3; i -= 1) {
    if ('/-:._,'.includes(word[i - 1]!)) return i;
  }
  return width;
}

/** Columns a text takes: colour codes take none. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/** A paragraph under a table, wrapped to the same width; continuation lines indented by `indent`. */
export function wrapParagraph(text: string, width: number | undefined, indent = '  '): string {
  if (width === undefined) return text;
  const [first = '', ...rest] = wrapText(text, width);
  const more = rest.join(' ');
  return [first, ...(more ? wrapText(more, Math.max(10, width - indent.length)).map((l) => indent + l) : [])].join('\n');
}

/**
 * `prefix` then `text` wrapped so no line exceeds `width`, continuation lines indented by `hang`
 * (by default aligned under the text): a `  hint: …` line, a `  - reason`, an indented detail.
 */
export function wrapHanging(prefix: string, text: string, width: number | undefined, hang = ' '.repeat(prefix.length)): string {
  if (width === undefined || visibleLength(prefix + text) <= width) return prefix + text;
  const [first = '', ...rest] = wrapText(text, Math.max(10, width - prefix.length));
  const more = rest.join(' ');
  return [prefix + first, ...(more ? wrapText(more, Math.max(10, width - hang.length)).map((l) => hang + l) : [])].join('\n');
}

/**
 * A shell command a user copies (a `next:` step, a help example) fitted to `width`: broken only
 * between arguments, each broken line ending in ` \` so the lines paste as one command, and
 * continuation lines indented four more. An option stays with its value; an argument is never
 * broken (a path longer than the line gets a line of its own and overflows rather than being
 * cut). A trailing `# comment` that does not fit moves to its own line above the command.
 */
export function wrapCommand(command: string, width: number | undefined, indent = '  '): string {
  const whole = indent + command;
  if (width === undefined || visibleLength(whole) <= width) return whole;
  const words = shellWords(command);
  const hash = words.findIndex((w) => w.startsWith('#'));
  const comment = hash >= 0 ? words.slice(hash).join(' ') : undefined;
  const more = `${indent}    `;
  // A pair too long for a continuation line splits, so only an argument itself may overflow.
  const units = argumentUnits(hash >= 0 ? words.slice(0, hash) : words, width - more.length - 2);
  const lines: string[] = [];
  if (comment !== undefined) {
    const body = comment.replace(/^#\s*/, '');
    const plain = indent + units.join(' ');
    if (visibleLength(`${plain}  ${comment}`) <= width) return `${plain}  ${comment}`;
    lines.push(...wrapText(body, Math.max(10, width - indent.length - 2)).map((l) => `${indent}# ${l}`));
  }
  let line = indent + (units[0] ?? '');
  units.slice(1).forEach((unit, i, rest) => {
    const last = i === rest.length - 1;
    const joined = `${line} ${unit}`;
    if (visibleLength(joined) + (last ? 0 : 2) <= width) {
      line = joined;
    } else {
      lines.push(`${line} \\`);
      line = more + unit;
    }
  });
  lines.push(line);
  return lines.join('\n');
}

/** Words as the shell splits them, enough for our own commands: "…", '…' and <placeholders> keep their spaces. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let close: string | undefined;
  for (let i = 0; i < command.length; i += 1) {
    const ch = command[i]!;
    if (close !== undefined) {
      word += ch;
      if (ch === close) close = undefined;
    } else if (ch === ' ') {
      if (word !== '') words.push(word);
      word = '';
    } else {
      if (ch === '"' || ch === "'") close = ch;
      else if (ch === '<' && word === '' && command[i + 1] !== undefined && command[i + 1] !== ' ') close = '>';
      word += ch;
    }
  }
  if (word !== '') words.push(word);
  return words;
}

/** Words that belong on one line when they fit in `room`: an option with its value, a redirection with its file. */
function argumentUnits(words: readonly string[], room: number): string[] {
  const units: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const next = words[i + 1];
    const takesNext = (word.startsWith('-') && !word.includes('=')) || word === '>' || word === '>>';
    if (takesNext && next !== undefined && !next.startsWith('-') && visibleLength(`${word} ${next}`) <= room) {
      units.push(`${word} ${next}`);
      i += 1;
    } else {
      units.push(word);
    }
  }
  return units;
}
