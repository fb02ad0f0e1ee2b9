"""A Prefect flow that also runs where Prefect is not installed (python3-minimal has no pip)."""
import os
import sys

try:
    from prefect import flow
except ImportError:  # no Prefect in the image: the function runs as it is

    def flow(*args, **kwargs):
        if args and callable(args[0]):
            return args[0]
        return lambda fn: fn


@flow(name="hello", log_prints=True)
def hello(name: str = "world", count: int = 1, shout: bool = False, exit_code: int = 0):
    greeting = os.environ.get("GREETING") or "Hello"
    line = "%s, %s!" % (greeting, name)
    if shout:
        line = line.upper()
    for i in range(count):
        print("%s (%d/%d)" % (line, i + 1, count))
    out_dir = os.environ.get("OUT_DIR") or "out"
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "%s.txt" % name)
    with open(path, "w") as f:
        f.write(line + "\n")
    print("wrote %s" % path)
    if exit_code:
        print("exiting with %d, as asked" % exit_code, file=sys.stderr)
        sys.exit(exit_code)


if __name__ == "__main__":
    hello()
