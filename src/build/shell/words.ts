/**
 * The words processWords splits out while expanding: unquoted spaces, also
 * inside a variable's value, end a word; quoted text never does.
 */
import { isGoSpace } from './chars.js';

export class Words {
  private buf = '';
  private inWord = false;
  readonly words: string[] = [];

  addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.buf !== '') {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else this.addRaw(ch);
  }

  addRaw(s: string): void {
    this.buf += s;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  finish(): string[] {
    if (this.buf !== '') this.words.push(this.buf);
    this.buf = '';
    this.inWord = false;
    return this.words;
  }
}

