/** Values as the console shows them: UTF-8 text when the bytes are valid UTF-8, else base64. */
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function decodeValue(bytes: Uint8Array): { value: string; valueEncoding: 'utf8' | 'base64' } {
  try {
    return { value: strictDecoder.decode(bytes), valueEncoding: 'utf8' };
  } catch {
    return { value: Buffer.from(bytes).toString('base64'), valueEncoding: 'base64' };
  }
}
