import type { ParseArgsConfig, parseArgs } from "node:util";

type Config = Pick<ParseArgsConfig, "options" | "allowPositionals" | "strict">;
type Read<T extends Config> = Pick<ReturnType<typeof parseArgs<T>>, "values" | "positionals">;

export function parseOptions<T extends Config>(config: T, argv: string[]): { help: true } | { error: string } | Read<T>;
export function readOptions<T extends Config>(config: T, usage: string, argv?: string[]): Read<T>;
