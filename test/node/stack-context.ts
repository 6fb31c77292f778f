import { type Context, type ContextManager, ROOT_CONTEXT } from "@opentelemetry/api";

/** The active context as a stack: enough for spans started inside `with`, synchronously or in one async chain. */
export class StackContextManager implements ContextManager {
  private stack: Context[] = [];
  active = () => this.stack.at(-1) ?? ROOT_CONTEXT;
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.stack.push(ctx);
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.stack.pop();
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable() {
    return this;
  }
  disable() {
    this.stack = [];
    return this;
  }
}
