/**
 * The small Python launcher that runs a Prefect entrypoint in its image, loaded as Prefect's
 * import_object loads it (prefect/utilities/importtools.py): `path/file.py:function` imports the
 * file from the mounted project; a module entrypoint (`pkg.mod:function`) imports the module by
 * name with the working dir (and BERTH_IMPORT_PATH, where the package sits) on sys.path, as
 * importtools.load_module does. Then it calls `function(**parameters)`.
 * With real Prefect installed, calling a @flow-decorated function runs it as a flow run, so
 * the same launcher works unchanged in prefecthq/prefect images. It sticks to modules that
 * python3-minimal has (no json, no asyncio unless the flow is async): the parameters arrive
 * as a base64 Python literal, read with ast.literal_eval.
 */
export const LAUNCHER_PY = `import ast, base64, importlib.util, inspect, os, sys, traceback

def load(entry):
    path, _, name = entry.rpartition(":")
    if ".py:" not in entry:
        sys.path.insert(0, os.getcwd())
        extra = os.environ.get("BERTH_IMPORT_PATH")
        if extra:
            sys.path.insert(0, extra)
        return importlib.import_module(path), path, name
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    sys.path.insert(0, os.getcwd())
    spec = importlib.util.spec_from_file_location("berth_flow_module", path)
    if spec is None or spec.loader is None:
        return None, path, name
    module = importlib.util.module_from_spec(spec)
    sys.modules["berth_flow_module"] = module
    spec.loader.exec_module(module)
    return module, path, name

def main():
    params = ast.literal_eval(base64.b64decode(os.environ.get("BERTH_PARAMETERS", "e30=")).decode("utf-8"))
    module, path, name = load(os.environ["BERTH_ENTRYPOINT"])
    if module is None:
        print("berth: cannot import %s" % path, file=sys.stderr)
        return 2
    fn = getattr(module, name, None)
    if fn is None:
        print("berth: %s has no function %s" % (path, name), file=sys.stderr)
        return 2
    result = fn(**params)
    if inspect.iscoroutine(result):
        import asyncio
        result = asyncio.run(result)
    return 0

if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        sys.exit(1)
`;

/** A JSON value as a Python literal, for ast.literal_eval. */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${value} has no Python literal`);
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value); // JSON string escapes are valid Python
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
  }
  throw new Error(`${typeof value} has no Python literal`);
}

/** The env that carries the entrypoint and parameters to the launcher. */
export function launcherEnv(
  entrypoint: string,
  parameters: Record<string, unknown>,
  importPath: string | null = null,
): Record<string, string> {
  return {
    BERTH_ENTRYPOINT: entrypoint,
    BERTH_PARAMETERS: Buffer.from(pythonLiteral(parameters), 'utf8').toString('base64'),
    ...(importPath ? { BERTH_IMPORT_PATH: importPath } : {}),
  };
}
