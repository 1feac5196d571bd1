/**
 * Hides the password of any `scheme://user:password@host` in a text, keeping the user so the
 * message still says which URL it is. Endpoint URLs may carry credentials (a proxy, an
 * emulator); they must not reach a terminal, a CI log or a bug report.
 */
export function redactUrlPasswords(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#@]*@/gi, '$1***@');
}
