/**
 * Loads libsvm-js (libsvm compiled to WebAssembly by emscripten) as an isolated,
 * synchronously created instance with its side effects contained.
 *
 * Why not `import SVM from 'libsvm-js'` or `'libsvm-js/asm'`:
 * - the default export is a promise (the wasm build); in Node 20 its glue first tries
 *   `fetch()` on a file path, fails, and prints two warning lines before falling back;
 * - `libsvm-js/asm` loads synchronously and cleanly, but is about 2.3× slower to train
 *   and predict (measured: 3.5 s vs 1.5 s for 3,000 × 30 with probability estimates);
 * - both install a process-wide `unhandledRejection` handler that silently calls
 *   `process.exit(1)`, route libsvm's printf to `console.log` (stdout, which must carry
 *   only JSON logs / the CLI's result) and call `process.exit` on a fatal error;
 * - one shared instance keeps one C `rand()` state for the whole process, so libsvm's
 *   internal cross-validation for Platt scaling (`-b 1`) gives different probabilities
 *   for the same data depending on what was trained before.
 * So the wasm glue is evaluated here with its own `console` (captured, never printed),
 * no `fetch`, a `process` whose `on` and `exit` are neutralised, and emscripten's
 * `instantiateWasm` hook pointing at a module compiled once and instantiated
 * synchronously. Each call returns a fresh instance (own heap, own `rand()` state from
 * the same seed): a fit in a fresh instance is reproducible bit for bit, and loading
 * a model for scoring needs no await.
 *
 * `SVM.load(string)` is not used: libsvm-js passes the string through emscripten's
 * `ccall`, which copies it onto the 5 MB wasm stack at 4 bytes per character, so a
 * model text above ~1.3 MB (a few thousand support vectors) silently overflows the
 * stack and yields a corrupt model (every probability 1e-7). `deserialize` copies the
 * text into the heap instead.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';

const require = createRequire(import.meta.url);

/** The subset of libsvm-js's SVM class this project uses. */
export interface LibsvmModel {
  train(samples: number[][], labels: number[]): void;
  predictOne(sample: number[]): number;
  predictOneProbability(sample: number[]): {
    prediction: number;
    estimates: { label: number; probability: number }[];
  };
  getLabels(): number[];
  serializeModel(): string;
  free(): void;
}

export interface LibsvmOptions {
  type: string;
  kernel: string;
  cost: number;
  gamma: number;
  probabilityEstimates: boolean;
  quiet: true;
  weight?: Record<string, number>;
  cacheSize?: number;
  tolerance?: number;
  shrinking?: boolean;
}

export interface LibsvmClass {
  new (options: LibsvmOptions): LibsvmModel;
  SVM_TYPES: { C_SVC: string };
  KERNEL_TYPES: { RBF: string };
}

export class LibsvmError extends Error {
  constructor(message: string, readonly output: readonly string[]) {
    super(output.length > 0 ? `${message}: ${output.slice(-3).join(' | ')}` : message);
    this.name = 'LibsvmError';
  }
}

export interface LibsvmInstance {
  SVM: LibsvmClass;
  /** SVM.load without the stack overflow (see above); throws when libsvm cannot parse it. */
  deserialize(serialized: string): LibsvmModel;
  /** The last lines libsvm printed (kept for error messages, never written anywhere). */
  readonly output: readonly string[];
}

interface EmscriptenModule {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _deserialize_model(text: number): number;
}

const gluePath = require.resolve('libsvm-js/out/wasm/libsvm.js');
const loadSvmPath = require.resolve('libsvm-js/src/loadSVM.js');
const EXPORT_LINE = 'module.exports = SVM(Module);';

// The lib settings here have no DOM types; Node's WebAssembly global is typed by hand.
type WasmModule = object;
interface WasmInstance {
  exports: object;
}
const WebAssemblyApi = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => WasmModule;
    Instance: new (module: WasmModule, imports: object) => WasmInstance;
  };
}).WebAssembly;

let glue: ((...args: unknown[]) => void) | undefined;
let wasm: WasmModule | undefined;

function compiledGlue(): (...args: unknown[]) => void {
  if (!glue) {
    const source = readFileSync(gluePath, 'utf8');
    if (source.split(EXPORT_LINE).length !== 2) {
      throw new Error(`unexpected libsvm-js build at ${gluePath}: this loader was written for libsvm-js 0.2.1`);
    }
    glue = compileFunction(
      // The one change: merge our settings into the emscripten Module before it starts.
      source.replace(EXPORT_LINE, 'module.exports = SVM(Object.assign(Module, moduleOverrides));'),
      ['module', 'exports', 'require', '__filename', '__dirname', 'process', 'console', 'fetch', 'moduleOverrides'],
      { filename: gluePath },
    ) as (...args: unknown[]) => void;
  }
  return glue;
}

/** A fresh, isolated libsvm instance (own wasm heap, own rand() state). Synchronous. */
export function loadLibsvm(): LibsvmInstance {
  const output: string[] = [];
  const capture = (...parts: unknown[]) => {
    output.push(parts.map(String).join(' '));
    if (output.length > 50) output.shift();
  };
  const quietConsole = { log: capture, warn: capture, error: capture, info: capture, debug: capture };
  const containedProcess = Object.create(process, {
    on: { value: () => containedProcess },
    exit: {
      value: (code: unknown) => {
        throw new LibsvmError(`libsvm tried to exit the process (status ${String(code)})`, output);
      },
    },
  }) as NodeJS.Process;
  wasm ??= new WebAssemblyApi.Module(readFileSync(join(dirname(gluePath), 'libsvm.wasm')));
  const compiled: WasmModule = wasm;
  const overrides = {
    print: capture,
    printErr: capture,
    instantiateWasm(imports: object, receive: (instance: WasmInstance, module: WasmModule) => void) {
      const instance = new WebAssemblyApi.Instance(compiled, imports);
      receive(instance, compiled);
      return instance.exports;
    },
  };

  const module = { exports: {} as EmscriptenModule & { calledRun?: boolean } };
  compiledGlue()(module, module.exports, createRequire(gluePath), gluePath, dirname(gluePath), containedProcess, quietConsole, undefined, overrides);
  const runtime = module.exports;
  if (!runtime.calledRun) throw new LibsvmError('libsvm did not start synchronously', output);
  const makeSvmClass = require(loadSvmPath) as (libsvm: unknown) => LibsvmClass;
  const SVM = makeSvmClass(runtime);

  function deserialize(serialized: string): LibsvmModel {
    const bytes = new TextEncoder().encode(serialized);
    const text = runtime._malloc(bytes.length + 1);
    if (!text) throw new LibsvmError('libsvm could not allocate memory for the model text', output);
    let pointer: number;
    try {
      runtime.HEAPU8.set(bytes, text); // HEAPU8 is replaced when memory grows: read it after malloc
      runtime.HEAPU8[text + bytes.length] = 0;
      pointer = runtime._deserialize_model(text);
    } finally {
      runtime._free(text);
    }
    if (!pointer) throw new LibsvmError('libsvm could not read the serialized model', output);
    // What SVM.load does, minus the string conversion.
    const model = new SVM({} as LibsvmOptions) as LibsvmModel & { model: number; _deserialized: boolean };
    model.model = pointer;
    model._deserialized = true;
    return model;
  }

  return { SVM, deserialize, output };
}
