"""A bare flow with no deployment: prints `lines` lines, for log streaming."""
import time

try:
    from prefect import flow
except ImportError:

    def flow(*args, **kwargs):
        if args and callable(args[0]):
            return args[0]
        return lambda fn: fn


@flow
def chatty(lines: int = 100, delay: float = 0.0, prefix: str = "line"):
    for i in range(lines):
        print("%s %d of %d" % (prefix, i + 1, lines), flush=True)
        if delay:
            time.sleep(delay)


if __name__ == "__main__":
    chatty()
