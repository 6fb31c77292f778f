interface Writable {
  write(chunk: string): unknown;
}
export function main(
  argv: string[],
  io?: { env?: Record<string, string | undefined>; stdout?: Writable; stderr?: Writable },
): Promise<number>;
